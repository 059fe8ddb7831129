import MadoguchiCore

/// Why a request command was refused; values, not crashes, for the lead to show.
public enum PrivacyRequestError: UserFacingError, Equatable {
    case notFound
    case disclosureDateRequired
    case followUpWindowPassed(lastDay: CivilDate)
    case alreadyDecided
    case groundsRequired
    case invalidTransition(String)

    public var kind: ErrorKind {
        switch self {
        case .notFound: return .notFound
        case .alreadyDecided, .invalidTransition: return .conflict
        default: return .invalidInput
        }
    }

    public var message: LocalizedText {
        switch self {
        case .notFound: return LocalizedText(ja: "請求が見つかりません", en: "Request not found")
        case .disclosureDateRequired:
            return LocalizedText(ja: "訂正請求・利用停止請求には開示を受けた日が必要です", en: "The date of disclosure is required")
        case .followUpWindowPassed(let day):
            return LocalizedText(ja: "開示を受けた日から90日を過ぎています（期限 \(Wareki.format(day))）",
                                 en: "More than 90 days since disclosure (last day \(day))")
        case .alreadyDecided: return LocalizedText(ja: "この請求は決定済みです", en: "This request has already been decided")
        case .groundsRequired:
            return LocalizedText(ja: "一部開示・不開示等の決定には理由が必要です", en: "Grounds are required for this decision")
        case .invalidTransition(let why): return LocalizedText(ja: "この操作はできません（\(why)）", en: "Not allowed: \(why)")
        }
    }

    public var field: String? {
        switch self {
        case .disclosureDateRequired, .followUpWindowPassed: return "disclosed_on"
        case .groundsRequired: return "decision_grounds"
        default: return nil
        }
    }
}
