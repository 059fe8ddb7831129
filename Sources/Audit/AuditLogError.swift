/// Failures of the audit log itself; every one stops the action it would have recorded.
public enum AuditLogError: Error, CustomStringConvertible {
    case missingHead

    public var description: String {
        switch self {
        case .missingHead: return "the audit chain head row is missing: run the migrations"
        }
    }
}
