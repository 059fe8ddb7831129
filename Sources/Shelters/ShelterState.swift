import MadoguchiCore

/// Whether a shelter is open (未開設 / 開設 / 閉鎖).
public enum ShelterStatus: String, CaseIterable, Codable, Sendable {
    case notOpened = "not_opened"
    case open
    case closed

    public var label: LocalizedText {
        switch self {
        case .notOpened: LocalizedText(ja: "未開設", en: "Not opened")
        case .open: LocalizedText(ja: "開設", en: "Open")
        case .closed: LocalizedText(ja: "閉鎖", en: "Closed")
        }
    }
}

/// How full an open shelter is (空き / やや混雑 / 混雑 / 満), as residents know it from the common
/// services: below 30% of capacity, 30–60%, 60–80%, 80% and more.
public enum Crowding: String, CaseIterable, Codable, Sendable {
    case available
    case somewhatCrowded = "somewhat_crowded"
    case crowded
    case full

    public var label: LocalizedText {
        switch self {
        case .available: LocalizedText(ja: "空き", en: "Space available")
        case .somewhatCrowded: LocalizedText(ja: "やや混雑", en: "Somewhat crowded")
        case .crowded: LocalizedText(ja: "混雑", en: "Crowded")
        case .full: LocalizedText(ja: "満", en: "Full")
        }
    }

    /// The thresholds, in percent of capacity, at which the suggestion moves up a level.
    public static let thresholds = (somewhatCrowded: 30, crowded: 60, full: 80)

    /// The level a head count suggests against the capacity; nil without a known capacity.
    public static func suggested(headCount: Int, capacity: Int?) -> Crowding? {
        guard let capacity, capacity > 0 else { return nil }
        // headCount * 100 cannot overflow: both are bounded by `ShelterReportInput.maxPeople`.
        let percent = headCount * 100 / capacity
        if percent >= thresholds.full { return .full }
        if percent >= thresholds.crowded { return .crowded }
        if percent >= thresholds.somewhatCrowded { return .somewhatCrowded }
        return .available
    }
}
