import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Plot
import Privacy
import Vapor

/// `/{code}/staff/applications`: the back office for online applications.
///
/// - `GET  /staff/applications?form=&status=`: the inbox (receipt number, form, status, date; nothing decrypted)
/// - `GET  /staff/applications.csv`: the same list as formula-safe CSV (audited)
/// - `GET  /staff/applications/{application}`: one application, decrypted (every view audited; My Number masked unless allowed)
/// - `POST /staff/applications/{application}/status`: 受付 → 審査中 → 補正依頼 → 完了 / 却下, with a comment
struct StaffApplicationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "applications", requiring: FormsPermission.review, use: inbox)
        routes.on(.GET, "applications.csv", requiring: FormsPermission.review, use: export)
        routes.on(.GET, "applications", ":application", requiring: FormsPermission.review, use: show)
        routes.on(.POST, "applications", ":application", "status", requiring: FormsPermission.review, use: changeStatus)
    }

    var review: (Request) -> ApplicationReview { { req in ApplicationReview(submissions: req.madoguchi.formSubmissions, audit: req.madoguchi.audit) } }

    private func list(_ req: Request) async throws -> [FormApplication] {
        let municipalityID = try req.municipality.requireID()
        var query = FormApplication.query(on: req.db).filter(\.$municipalityID == municipalityID)
        if let form = req.query[String.self, at: "form"], !form.isEmpty { query = query.filter(\.$formID == form) }
        if let status = req.query[String.self, at: "status"], !status.isEmpty { query = query.filter(\.$status == status) }
        return try await query.sort(\.$submittedAt, .descending).limit(1000).all()
    }

    func inbox(req: Request) async throws -> Response {
        let applications = try await list(req)
        return StaffApplicationsPage.inbox(applications, forms: try req.madoguchi.forms().forms, form: req.query[String.self, at: "form"],
                                           status: req.query[String.self, at: "status"], context: req.pageContext()).response()
    }

    func export(req: Request) async throws -> Response {
        let applications = try await list(req)
        let titles = Dictionary(uniqueKeysWithValues: try req.madoguchi.forms().forms.map { ($0.id, $0.title.ja) })
        let formatter = ISO8601DateFormatter()
        let csv = CSVWriter.document(header: ["受付番号", "様式", "状況", "受付日時"], rows: applications.map {
            [$0.receiptNumber, titles[$0.formID] ?? $0.formID, ApplicationStatus(rawValue: $0.status)?.label.ja ?? $0.status,
             $0.submittedAt.map(formatter.string(from:)) ?? ""]
        })
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: req.municipality.requireID(), actor: .staff(req.requireStaff().requireID()),
                                                        action: "forms.application.export", details: ["rows": String(applications.count)],
                                                        origin: req.origin), on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "applications.csv")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    func show(req: Request) async throws -> Response { try await render(req, problem: nil) }

    struct StatusInput: Content { var status: String?; var comment: String? }

    func changeStatus(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("application").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let application = try await review(req).find(id, municipalityID: municipality.requireID(), on: req.db)
        let input = try req.content.decode(StatusInput.self)
        guard let status = ApplicationStatus(rawValue: input.status ?? "") else {
            return try await render(req, problem: FieldProblem(field: "status", message: LocalizedText(ja: "「状況」を選んでください。", en: "Choose a status.")))
        }
        do {
            try await review(req).changeStatus(application, to: status, comment: input.comment ?? "", by: .staff(req.requireStaff().requireID()),
                                               origin: req.origin, on: req.db)
        } catch let error as FormsReviewError {
            return try await render(req, problem: FieldProblem(field: error == .commentRequired || error == .commentTooLong ? "comment" : "status",
                                                              message: error.message))
        }
        return req.redirect(to: "/\(municipality.code)/staff/applications/\(id.uuidString.lowercased())")
    }

    private func render(_ req: Request, problem: FieldProblem?) async throws -> Response {
        guard let id = req.parameters.get("application").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let municipality = try req.municipality
        let staff = try req.requireStaff()
        let review = self.review(req)
        let application = try await review.find(id, municipalityID: municipality.requireID(), on: req.db)
        var values = try await review.open(application, by: .staff(staff.requireID()), origin: req.origin, on: req.db)
        guard let form = try req.madoguchi.forms().form(application.formID) else { throw WebError.notFound }
        for field in form.fields where field.type == .myNumber {
            guard let raw = values[field.id], let number = MyNumber(raw) else { continue }
            values[field.id] = try await number.revealed(to: staff.roles, policy: Modules.accessPolicy, actor: .staff(staff.requireID()),
                                                         municipalityID: municipality.requireID(), record: application.receiptNumber,
                                                         purpose: "申請の審査", origin: req.origin, audit: req.madoguchi.audit, on: req.db)
        }
        let history = try await review.history(of: application, on: req.db)
        return StaffApplicationsPage.detail(application, form: form, values: values, history: history, problem: problem, context: req.pageContext())
            .response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
