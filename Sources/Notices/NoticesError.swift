import MadoguchiCore

/// What the notices module refuses, in Japanese and English, naming the field to correct.
public struct NoticesError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
    }

    public static let noticeNotFound = NoticesError(.notFound, ja: "お知らせが見つかりません", en: "Notice not found")
    public static let alertNotFound = NoticesError(.notFound, ja: "避難情報が見つかりません", en: "Alert not found")
    public static let approvalBySamePerson = NoticesError(
        .forbidden, ja: "緊急情報は、公開を申請した職員とは別の職員が承認してください", en: "Another member of staff must approve an emergency notice")
    public static let emergencyPermissionNeeded = NoticesError(
        .forbidden, ja: "緊急情報の承認には緊急情報の権限が必要です", en: "Approving an emergency notice needs the emergency permission")
    public static let emergencyCorrectionNeedsPermission = NoticesError(
        .forbidden, ja: "公開中の緊急情報を訂正できるのは、緊急情報の権限を持つ職員です", en: "Correcting a published emergency notice needs the emergency permission")
    public static let notAwaitingApproval = NoticesError(.conflict, ja: "このお知らせは承認待ちではありません", en: "This notice is not awaiting approval")
    public static let alreadyLifted = NoticesError(.conflict, ja: "この避難情報は解除済みです", en: "This alert has already been lifted")
}

/// Several problems with one form, each naming its field; nothing was saved.
public struct NoticesInputProblems: Error, Sendable {
    public let problems: [FieldProblem]
    public init(_ problems: [FieldProblem]) { self.problems = problems }
}

extension NoticesError {
    public static let subscriptionLinkInvalid = NoticesError(
        .notFound, ja: "このリンクは使えません。期限が切れたか、すでに使われています。もう一度登録の手続きをしてください",
        en: "This link does not work: it has expired or has been used. Please subscribe again")
}
