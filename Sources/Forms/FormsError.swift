import MadoguchiCore

// Every error the Forms module throws at its callers, in one place; their `ErrorKind` becomes an
// HTTP status in one place in WebApp (`ErrorKind+HTTP.swift`). Loading form definitions reports
// `FormCatalog.LoadError` (`file:line: problem`), for operators rather than residents.

/// Why a submission was refused.
public enum FormsError: UserFacingError, Equatable {
    case invalid([FieldProblem])
    case invalidIdempotencyKey
    /// A correction was sent for an application that no longer awaits one (already corrected, or decided).
    case notCorrectable
    /// A mailed link that does not exist (mistyped, or already used for a submitted application).
    case draftNotFound
    /// A mailed link older than `FormDrafts.lifetime`.
    case draftExpired
    /// A `verified_email` form submitted without a confirmed address, or with another address.
    case emailNotVerified

    public var kind: ErrorKind { .invalidInput }
    public var message: LocalizedText {
        switch self {
        case .invalid(let problems):
            return problems.first?.message ?? LocalizedText(ja: "入力内容を確認してください。", en: "Please check the form.")
        case .draftNotFound:
            return LocalizedText(ja: "このリンクは使えません（申請を送信済みか、リンクが正しくありません）。最初から入力してください。",
                                 en: "This link cannot be used (already submitted, or mistyped). Please start again.")
        case .draftExpired:
            return LocalizedText(ja: "このリンクの有効期限（7日間）が切れています。お手数ですが、最初から入力してください。",
                                 en: "This link has expired (after 7 days). Please start again.")
        case .emailNotVerified:
            return LocalizedText(ja: "この申請には、確認済みのメールアドレスが必要です。「メールアドレス」は確認メールを受け取ったアドレスのままにしてください。",
                                 en: "This form needs a confirmed e-mail address; keep the address the confirmation mail was sent to.")
        case .notCorrectable:
            return LocalizedText(ja: "この申請は補正を受け付けていません（すでに補正済みか、審査が終わっています）。",
                                 en: "This application is not awaiting a correction (already corrected or decided).")
        case .invalidIdempotencyKey:
            return LocalizedText(ja: "送信内容が正しくありません。確認画面からもう一度送信してください。",
                                 en: "The submission was malformed; please submit again from the confirmation page.")
        }
    }
}

/// Why the back office's review refused a change (`ApplicationReview`).
public enum FormsReviewError: UserFacingError, Equatable {
    case notFound
    case invalidTransition(from: ApplicationStatus, to: ApplicationStatus)
    case commentRequired
    case commentTooLong

    public var kind: ErrorKind {
        switch self {
        case .notFound: return .notFound
        case .invalidTransition: return .conflict
        default: return .invalidInput
        }
    }

    public var message: LocalizedText {
        switch self {
        case .notFound: return LocalizedText(ja: "その申請はありません。", en: "No such application.")
        case .invalidTransition(let from, let to):
            return LocalizedText(ja: "「\(from.label.ja)」から「\(to.label.ja)」には変更できません。", en: "Cannot go from \(from.label.en) to \(to.label.en).")
        case .commentRequired: return LocalizedText(ja: "補正依頼・却下には「コメント」（申請者への説明）が必要です。",
                                                    en: "A comment for the applicant is required.")
        case .commentTooLong: return LocalizedText(ja: "「コメント」は2000文字以内で入力してください。", en: "Comment: 2000 characters at most.")
        }
    }
}
