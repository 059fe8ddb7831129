import Audit
import FluentKit
import MadoguchiCore
import Vapor

/// `/{code}/staff/audit` (browse and filter) and `/{code}/staff/audit.csv` (export) for auditors.
/// An auditor sees their municipality's entries; reading and exporting are audited too.
struct StaffAuditController: RouteCollection {
    /// Rows on one page of the browser view, and the most one export holds.
    static let pageSize = 100
    static let exportLimit = 100_000

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "audit", requiring: .viewAuditLog, use: browse)
        routes.on(.GET, "audit.csv", requiring: .exportAuditLog, use: export)
    }

    struct Query: Content {
        var action: String?
        var actor: String?
        var target: String?
        var from: String?
        var until: String?
        var before: Int?
    }

    /// The paging cursor and the text filters, checked by the one parameter parser before decoding.
    static let parameters = (before: IntegerParameter("before", in: 1...Int.max),
                             texts: ["action", "actor", "target", "from", "until"].map { TextParameter($0, maxLength: 200) })

    func filter(_ req: Request) throws -> (AuditFilter, Query) {
        _ = try req.query(Self.parameters.before)
        for parameter in Self.parameters.texts { _ = try req.query(parameter) }
        let q = try req.query.decode(Query.self)
        let from = try q.from.flatMap { try Self.day($0, field: "from") }
        let until = try q.until.flatMap { try Self.day($0, field: "until") }.map { $0.addingTimeInterval(86_400) }
        let filter = AuditFilter(municipalityID: try req.municipality.requireID(), actionPrefix: q.action, actor: q.actor,
                                 targetID: q.target, from: from, until: until)
        return (filter, q)
    }

    /// The start of a JST day given as YYYY-MM-DD.
    static func day(_ text: String, field: String) throws -> Date? {
        guard !text.isEmpty else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw WebError(.invalidInput, ja: "日付はYYYY-MM-DDの形で入力してください", en: "Enter dates as YYYY-MM-DD", field: field)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
    }

    func browse(req: Request) async throws -> Response {
        let (filter, query) = try filter(req)
        let entries = try await filter.entries(on: req.db, limit: Self.pageSize, before: query.before)
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: filter.municipalityID, actor: .staff(req.requireStaff().requireID()),
                                                       action: "audit.view", details: ["rows": String(entries.count)],
                                                       origin: req.origin), on: req.db)
        return StaffAuditPage.render(entries: entries, query: query, pageSize: Self.pageSize, context: req.pageContext()).response()
    }

    func export(req: Request) async throws -> Response {
        let (filter, _) = try filter(req)
        let entries = try await filter.entries(on: req.db, limit: Self.exportLimit)
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: filter.municipalityID, actor: .staff(req.requireStaff().requireID()),
                                                       action: "audit.export", details: ["rows": String(entries.count)],
                                                       origin: req.origin), on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "audit-log.csv")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: AuditCSV.render(entries)))
    }
}
