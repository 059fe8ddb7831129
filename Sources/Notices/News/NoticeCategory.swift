import MadoguchiCore

/// What a notice is about. The emergency category needs a second person's approval to publish.
public enum NoticeCategory: String, CaseIterable, Sendable, Codable {
    case living = "kurashi"
    case children = "kosodate"
    case health = "kenko"
    case safety = "bosai"
    case events = "event"
    case emergency = "kinkyu"

    public var label: LocalizedText {
        switch self {
        case .living: return LocalizedText(ja: "くらし・手続き", en: "Living and procedures")
        case .children: return LocalizedText(ja: "子育て・教育", en: "Children and education")
        case .health: return LocalizedText(ja: "健康・福祉", en: "Health and welfare")
        case .safety: return LocalizedText(ja: "防災・安全", en: "Disaster prevention and safety")
        case .events: return LocalizedText(ja: "イベント・講座", en: "Events and courses")
        case .emergency: return LocalizedText(ja: "緊急情報", en: "Emergency")
        }
    }

    /// Whether publishing needs a second person's approval.
    public var needsApproval: Bool { self == .emergency }
}
