import MadoguchiCore
import Vapor

/// The one place where module errors become HTTP statuses.
extension ErrorKind {
    var httpStatus: HTTPResponseStatus {
        switch self {
        case .invalidInput: return .unprocessableEntity
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .conflict: return .conflict
        case .tooLarge: return .payloadTooLarge
        case .rateLimited: return .tooManyRequests
        case .unauthenticated: return .unauthorized
        case .internalFailure: return .internalServerError
        case .malformedRequest: return .badRequest
        }
    }
}

/// An HTTP-level failure with a message for people, in both languages.
struct WebError: UserFacingError {
    let kind: ErrorKind
    let message: LocalizedText
    let field: String?

    init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
    }

    static let notFound = WebError(.notFound, ja: "ページが見つかりません", en: "Page not found")
    static let forbidden = WebError(.forbidden, ja: "この操作を行う権限がありません", en: "You do not have permission for this")
    static let csrf = WebError(.forbidden, ja: "フォームの有効期限が切れたか、不正な送信です。もう一度お試しください",
                               en: "The form expired or was not sent from this site. Please try again")
    static let unknownMunicipality = WebError(.notFound, ja: "その自治体はこのシステムに登録されていません",
                                              en: "That municipality is not served here")
}
