import MadoguchiCore
import Vapor

/// Turns every error into a response people can act on: an HTML page in the request's language,
/// or JSON for API paths. Internal details are logged, never shown.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        let (status, message, field) = describe(error)
        if status.code >= 500 {
            request.logger.error("request failed", metadata: ["error": .string(String(reflecting: type(of: error)))])
            request.logger.debug("request failure detail", metadata: ["detail": .string(String(describing: error))])
        }
        if request.url.path.contains("/api/") || request.headers.accept.contains(where: { $0.mediaType == .json }) {
            let body = ErrorBody(error: .init(message: message.text(request.language), field: field, status: Int(status.code)))
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            return response
        }
        let context = PageContext(language: request.language, municipalityName: nil, municipalityCode: nil,
                                  staffName: nil, csrfToken: nil, path: request.url.path)
        let page = Layout.page(title: context.t(UIStrings.errorTitle), context: context,
                               .p(.class("error-message"), .text(message.text(request.language))),
                               .p(.a(.href("/"), .text(context.t(UIStrings.home)))))
        return page.response(status: status)
    }

    private func describe(_ error: any Error) -> (HTTPResponseStatus, LocalizedText, String?) {
        switch error {
        case let e as any UserFacingError:
            return (e.kind.httpStatus, e.message, e.field)
        case let abort as any AbortError:
            return (abort.status, Self.message(for: abort.status), nil)
        case is DecodingError:
            return (.badRequest, LocalizedText(ja: "送信された内容を読み取れません", en: "The request could not be read"), nil)
        default:
            return (.internalServerError, Self.message(for: .internalServerError), nil)
        }
    }

    static func message(for status: HTTPResponseStatus) -> LocalizedText {
        switch status {
        case .notFound: return LocalizedText(ja: "ページが見つかりません", en: "Page not found")
        case .forbidden: return LocalizedText(ja: "この操作を行う権限がありません", en: "You do not have permission for this")
        case .unauthorized: return LocalizedText(ja: "ログインしてください", en: "Please sign in")
        case .payloadTooLarge: return LocalizedText(ja: "送信された内容が大きすぎます", en: "The request is too large")
        case .tooManyRequests: return LocalizedText(ja: "短時間に操作が多すぎます。しばらく待ってからお試しください",
                                                    en: "Too many requests; please wait a moment")
        case .badRequest: return LocalizedText(ja: "送信された内容を読み取れません", en: "The request could not be read")
        case .methodNotAllowed: return LocalizedText(ja: "この方法では操作できません", en: "Method not allowed")
        default:
            if status.code >= 500 {
                return LocalizedText(ja: "システムエラーが発生しました。入力済みの内容は保存されていません。時間をおいてお試しください",
                                     en: "Something went wrong on our side; nothing was saved. Please try again later")
            }
            return LocalizedText(ja: "リクエストを処理できませんでした", en: "The request could not be processed")
        }
    }

    struct ErrorBody: Content {
        struct Detail: Content {
            let message: String
            let field: String?
            let status: Int
        }
        let error: Detail
    }
}
