/// A three-valued truth (Kleene logic): a resident may answer 「わからない」, and an unknown answer
/// must never silently hide a procedure — it turns it into one to check (要確認).
public enum Truth: String, Sendable, Codable {
    case yes, no, unknown

    public init(_ value: Bool) { self = value ? .yes : .no }

    public static func && (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .no || rhs == .no { return .no }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .yes
    }

    public static func || (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .yes || rhs == .yes { return .yes }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .no
    }

    public static prefix func ! (value: Truth) -> Truth {
        switch value {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }
}
