/// The three rights a resident exercises over their own data (改正個人情報保護法 art. 76, 90, 98).
public enum PrivacyRequestKind: String, CaseIterable, Sendable, Codable {
    case disclosure
    case correction
    case suspension

    public var label: String {
        switch self {
        case .disclosure: return "開示請求"
        case .correction: return "訂正請求"
        case .suspension: return "利用停止請求"
        }
    }

    /// Correction and suspension apply only to information already disclosed, within 90 days.
    public var requiresPriorDisclosure: Bool { self != .disclosure }
}

/// Where a request stands.
public enum PrivacyRequestStatus: String, CaseIterable, Sendable, Codable {
    case received
    /// 補正中: sent back to the requester; these days do not count towards the deadline.
    case awaitingCorrection = "awaiting_correction"
    case decided
    case withdrawn
}

/// The decision on a request; partial decisions and refusals carry their grounds.
public enum PrivacyRequestDecision: String, CaseIterable, Sendable, Codable {
    /// 全部開示 / 訂正する / 利用停止する
    case full
    /// 一部開示 (art. 79) and partial correction or suspension
    case partial
    /// 不開示 / 訂正しない / 利用停止しない
    case refusal
    /// 存否応答拒否 (art. 81): neither confirming nor denying the information exists
    case existenceNotConfirmed = "existence_not_confirmed"

    public func label(for kind: PrivacyRequestKind) -> String {
        switch (kind, self) {
        case (.disclosure, .full): return "全部開示"
        case (.disclosure, .partial): return "一部開示"
        case (.disclosure, .refusal): return "不開示"
        case (.correction, .full): return "訂正する"
        case (.correction, .partial): return "一部訂正する"
        case (.correction, .refusal): return "訂正しない"
        case (.suspension, .full): return "利用停止する"
        case (.suspension, .partial): return "一部利用停止する"
        case (.suspension, .refusal): return "利用停止しない"
        case (_, .existenceNotConfirmed): return "存否応答拒否"
        }
    }

    /// Anything short of granting everything must state its grounds.
    public var requiresGrounds: Bool { self != .full }
}
