import FluentKit
import MadoguchiCore
import Plot
import Vapor

/// `/`: the municipalities this deployment serves, or straight to the only one.
struct RootController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: index)
    }

    func index(req: Request) async throws -> Response {
        let all = try await Municipality.query(on: req.db).sort(\.$code).all()
        if all.count == 1, let only = all.first { return req.redirect(to: "/\(only.code)/") }
        let context = req.pageContext()
        let title = context.t(LocalizedText(ja: "自治体を選んでください", en: "Choose a municipality"))
        return Layout.page(title: title, context: context,
                           .ul(.forEach(all) { m in
                               .li(.a(.attr("href", "/\(m.code)/"), .text("\(m.prefecture) \(m.name(in: context.language))")))
                           })).response()
    }
}
