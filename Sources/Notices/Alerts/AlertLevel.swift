import MadoguchiCore

/// The evacuation information a municipality issues (警戒レベル, since 20 May 2021); levels 1–2
/// are the weather agency's, not the municipality's.
public enum AlertLevel: Int, CaseIterable, Sendable, Codable {
    /// 警戒レベル3 高齢者等避難.
    case elderlyEvacuation = 3
    /// 警戒レベル4 避難指示.
    case evacuationOrder = 4
    /// 警戒レベル5 緊急安全確保.
    case emergencySafety = 5

    /// The order's name (L-Alert's 発令区分).
    public var name: LocalizedText {
        switch self {
        case .elderlyEvacuation: return LocalizedText(ja: "高齢者等避難", en: "Evacuation of older people and others")
        case .evacuationOrder: return LocalizedText(ja: "避難指示", en: "Evacuation order")
        case .emergencySafety: return LocalizedText(ja: "緊急安全確保", en: "Emergency safety measures")
        }
    }

    /// `警戒レベル4 避難指示`.
    public var label: LocalizedText {
        LocalizedText(ja: "警戒レベル\(rawValue) \(name.ja)", en: "Alert level \(rawValue): \(name.en)")
    }

    /// What residents should do, when staff give no instruction of their own.
    public var defaultInstruction: LocalizedText {
        switch self {
        case .elderlyEvacuation:
            return LocalizedText(ja: "高齢の方、障害のある方など避難に時間のかかる方とその支援者は、危険な場所から避難してください。",
                                 en: "Older people, people with disabilities and others who need time to evacuate, and those who help them: leave dangerous places now.")
        case .evacuationOrder:
            return LocalizedText(ja: "危険な場所にいる方は全員、危険な場所から避難してください。",
                                 en: "Everyone in a dangerous place: evacuate from it now.")
        case .emergencySafety:
            return LocalizedText(ja: "災害が発生または切迫しています。命の危険があります。直ちに身の安全を確保してください。",
                                 en: "A disaster is happening or imminent. Your life is in danger. Secure your safety immediately.")
        }
    }
}

/// Issued or lifted (L-Alert's 発令/解除).
public enum AlertIssuance: String, Sendable, Codable {
    case issue = "発令"
    case lift = "解除"
}
