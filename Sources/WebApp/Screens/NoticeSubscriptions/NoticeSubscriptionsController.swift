import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/notices/subscribe…`: the mail subscriptions (メール配信サービス) for residents.
///
/// - `GET/POST /notices/subscribe`: the form (address, categories, areas, language). Every valid
///   request gets the same answer whether or not the address is subscribed (the mail differs).
/// - `GET/POST /notices/subscribe/confirm/{token}`: the confirmation link's page and its button
///   (a GET changes nothing, so a mail scanner opening the link does not confirm).
/// - `GET/POST /notices/subscription/{token}`: the manage page reached from every mail.
/// - `GET/POST /notices/unsubscribe/{token}`: RFC 8058 one-click unsubscribe. The POST needs no
///   CSRF token and no session: the random token in the URL is the authority.
///
/// Limits, per client address on each instance: `subscribeLimit` subscribe requests and
/// `confirmLimit` confirmations or preference changes per `window`; beyond them a 429 page. The
/// module adds its own per-address cap on subscription mails (`NoticeSubscriptions.maxAccountMailsPerDay`).
struct NoticeSubscriptionsController: RouteCollection {
    static let subscribeLimit = 10
    static let confirmLimit = 30
    static let window: TimeInterval = 600
    let subscribeLimiter = LoginRateLimiter(limit: NoticeSubscriptionsController.subscribeLimit, window: NoticeSubscriptionsController.window)
    let confirmLimiter = LoginRateLimiter(limit: NoticeSubscriptionsController.confirmLimit, window: NoticeSubscriptionsController.window)

    func boot(routes: any RoutesBuilder) throws {
        let notices = routes.grouped("notices").grouped(NoStoreMiddleware())
        let forms = notices.grouped(CSRFMiddleware())
        forms.get("subscribe", use: form)
        forms.post("subscribe", use: subscribe)
        forms.get("subscribe", "confirm", ":token", use: confirmPage)
        forms.post("subscribe", "confirm", ":token", use: confirm)
        forms.get("subscription", ":token", use: manage)
        forms.post("subscription", ":token", use: save)
        notices.get("unsubscribe", ":token", use: unsubscribePage)
        notices.post("unsubscribe", ":token", use: unsubscribe)
    }

    struct Input: Content {
        var address: String?
        var categories: [String]?
        var areas: [String]?
        var language: String?

        func subscription(defaultLanguage: UILanguage) -> SubscriptionInput {
            SubscriptionInput(address: address ?? "", categories: categories ?? [], areaCodes: areas ?? [],
                              language: language ?? defaultLanguage.rawValue)
        }
    }

    private func subscriptions(_ req: Request) -> NoticeSubscriptions {
        NoticeSubscriptions(cipher: req.madoguchi.cipher, outbox: req.madoguchi.mailOutbox, publicURL: req.madoguchi.configuration.publicURL)
    }

    private func token(_ req: Request) -> String { req.parameters.get("token") ?? "" }

    private func limit(_ limiter: LoginRateLimiter, _ req: Request) throws {
        guard limiter.allow(req.clientAddress ?? "unknown") else {
            throw WebError(.rateLimited, ja: "短い時間に多くの申込みがありました。10分ほど待ってからお試しください",
                           en: "Too many requests in a short time. Please wait about ten minutes and try again")
        }
    }

    func form(req: Request) async throws -> Response {
        let context = req.pageContext(forms: true)
        let areas = try await NoticeAreas.all(municipalityID: req.municipality.requireID(), on: req.db)
        let input = SubscriptionInput(categories: [], language: context.language.rawValue)
        return NoticeSubscriptionsPage.subscribe(input, areas: areas, problems: [], context: context).response()
    }

    func subscribe(req: Request) async throws -> Response {
        try limit(subscribeLimiter, req)
        let municipality = try req.municipality
        let context = req.pageContext(forms: true)
        let input = try req.content.decode(Input.self).subscription(defaultLanguage: context.language)
        do {
            try await subscriptions(req).subscribe(municipality: municipality, input, on: req.db)
            return NoticeSubscriptionsPage.sent(context: context).response()
        } catch let problems as NoticesInputProblems {
            let areas = try await NoticeAreas.all(municipalityID: municipality.requireID(), on: req.db)
            return NoticeSubscriptionsPage.subscribe(input, areas: areas, problems: problems.problems, context: context)
                .response(status: .unprocessableEntity)
        }
    }

    func confirmPage(req: Request) async throws -> Response {
        NoticeSubscriptionsPage.confirm(token: token(req), context: req.pageContext(forms: true)).response()
    }

    func confirm(req: Request) async throws -> Response {
        try limit(confirmLimiter, req)
        try await subscriptions(req).confirm(token: token(req), municipalityID: req.municipality.requireID(), on: req.db)
        return NoticeSubscriptionsPage.confirmed(context: req.pageContext()).response()
    }

    func manage(req: Request) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        let subscription = try await subscriptions(req).subscription(token: token(req), municipalityID: municipalityID, on: req.db)
        let areas = try await NoticeAreas.all(municipalityID: municipalityID, on: req.db)
        let input = SubscriptionInput(categories: subscription.categories.map(\.rawValue), areaCodes: subscription.areaCodes,
                                      language: subscription.language)
        return NoticeSubscriptionsPage.manage(input, token: token(req), areas: areas, problems: [], saved: false,
                                              context: req.pageContext(forms: true)).response()
    }

    func save(req: Request) async throws -> Response {
        try limit(confirmLimiter, req)
        let municipalityID = try req.municipality.requireID()
        let context = req.pageContext(forms: true)
        let input = try req.content.decode(Input.self).subscription(defaultLanguage: context.language)
        let areas = try await NoticeAreas.all(municipalityID: municipalityID, on: req.db)
        do {
            try await subscriptions(req).update(token: token(req), municipalityID: municipalityID, input, on: req.db)
            return NoticeSubscriptionsPage.manage(input, token: token(req), areas: areas, problems: [], saved: true, context: context).response()
        } catch let problems as NoticesInputProblems {
            return NoticeSubscriptionsPage.manage(input, token: token(req), areas: areas, problems: problems.problems, saved: false,
                                                  context: context).response(status: .unprocessableEntity)
        }
    }

    func unsubscribePage(req: Request) async throws -> Response {
        NoticeSubscriptionsPage.unsubscribe(token: token(req), context: req.pageContext()).response()
    }

    /// RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` (the body is not needed); a
    /// browser posts the page's button. Either way the subscription stops.
    func unsubscribe(req: Request) async throws -> Response {
        try await subscriptions(req).unsubscribe(token: token(req), municipalityID: req.municipality.requireID(), on: req.db)
        return NoticeSubscriptionsPage.unsubscribed(context: req.pageContext()).response()
    }
}
