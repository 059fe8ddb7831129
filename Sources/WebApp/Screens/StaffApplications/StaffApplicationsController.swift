import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Plot
import Privacy
import Vapor

/// `/{code}/staff/applications`: the back office for online applications.
///
/// Every route sees only the applications of the member's `ApplicationScope` (their department's
/// forms, or every department's with the audited cross-department permission); any other id is 404.
///
/// - `GET  /staff/applications?desk=&form=&status=&assigned=`: the inbox per desk (the counter that handles the
///   form's procedure; a staff member's own section by default), nothing decrypted
/// - `POST /staff/applications/{application}/assign`: take the application on (担当者), audited
/// - `GET  /staff/applications/{application}/attachments/{attachment}`: one attached file, as a download (audited)
/// - `GET  /staff/applications.csv`: the same list as formula-safe CSV (audited)
/// - `GET  /staff/applications/{application}`: one application, decrypted (every view audited; My Number masked unless allowed)
/// - `POST /staff/applications/{application}/status`: 受付 → 審査中 → 補正依頼 → 完了 / 却下, with a comment
struct StaffApplicationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "applications", requiring: FormsPermission.review, use: inbox)
        routes.on(.GET, "applications.csv", requiring: FormsPermission.review, use: export)
        routes.on(.GET, "applications", ":application", requiring: FormsPermission.review, use: show)
        routes.on(.POST, "applications", ":application", "status", requiring: FormsPermission.review, use: changeStatus)
        routes.on(.POST, "applications", ":application", "assign", requiring: FormsPermission.review, use: assign)
        routes.on(.GET, "applications", ":application", "attachments", ":attachment", requiring: FormsPermission.review, use: attachment)
    }

    /// The inbox's filters, with the desk defaulting to the staff member's own section when it handles forms.
    struct Filters {
        var desk: String?
        var form: String?
        var status: String?
        var assignedToMe: Bool
        /// Counter id → the forms it handles (from the procedure inventory), only the desks in the member's scope.
        var desks: [(id: String, name: String, forms: [String])]
    }

    private func filters(_ req: Request, scope: ApplicationScope) async throws -> Filters {
        let desks = try await req.applicationDesks().filter { desk in desk.forms.contains { scope.permits(formID: $0) } }
        var desk = req.query[String.self, at: "desk"]
        if desk == nil, let department = try await req.requireStaff().$department.get(on: req.db) {
            let own = ApplicationScope.desk(ofDepartmentCode: department.code)
            desk = desks.contains { $0.id == own } ? own : "all"
        }
        return Filters(desk: desk == "all" ? nil : desk, form: req.query[String.self, at: "form"], status: req.query[String.self, at: "status"],
                       assignedToMe: req.query[String.self, at: "assigned"] == "me", desks: desks)
    }

    /// The applications in the member's scope that match the filters (`ApplicationReview.list(in:…)`).
    private func list(_ req: Request, purpose: String) async throws -> (applications: [FormApplication], filters: Filters) {
        let scope = try await req.applicationScope()
        let filters = try await filters(req, scope: scope)
        let deskForms = filters.desk.map { desk in Set(filters.desks.first { $0.id == desk }?.forms ?? []) }
        let applications = try await req.madoguchi.applicationReview.list(
            in: scope, filters: ApplicationFilters(forms: deskForms, formID: filters.form, status: filters.status,
                                                   assignedTo: filters.assignedToMe ? try req.requireStaff().requireID() : nil),
            purpose: purpose, origin: req.origin, on: req.db)
        return (applications, filters)
    }

    /// The application in the path, found through the member's scope (404 outside it).
    private func application(_ req: Request, purpose: String) async throws -> FormApplication {
        guard let id = req.parameters.get("application").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        return try await req.madoguchi.applicationReview.find(id, in: try await req.applicationScope(), purpose: purpose,
                                                              origin: req.origin, on: req.db)
    }

    func inbox(req: Request) async throws -> Response {
        let (applications, filters) = try await list(req, purpose: "list")
        let assigned = Set(applications.compactMap(\.assignedStaffID))
        let names = try await req.madoguchi.staffDirectory.displayNames(of: assigned, on: req.db)
        return StaffApplicationsPage.inbox(applications, forms: try await req.formCatalog().forms, filters: filters, staffNames: names,
                                           context: req.pageContext()).response()
    }

    func attachment(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let attachmentID = req.parameters.get("attachment").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let application = try await application(req, purpose: "attachment")
        guard let attachment = try await req.madoguchi.applicationReview.attachment(attachmentID, of: application, on: req.db) else {
            throw WebError.notFound
        }
        let (_, data) = try req.madoguchi.formAttachments.open(attachment)
        try await req.madoguchi.audit.record(AuditEvent(municipalityID: municipality.requireID(), actor: .staff(req.requireStaff().requireID()),
                                                        action: "forms.attachment.view", targetType: FormApplication.schema,
                                                        targetID: application.receiptNumber, details: ["field": attachment.fieldID],
                                                        origin: req.origin), on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.mediaType)
        // Always a download with a neutral name: the resident's file name never reaches a header.
        headers.contentDisposition = .init(.attachment, filename: "\(application.receiptNumber)-\(attachment.fieldID).\(attachment.kind == "jpeg" ? "jpg" : attachment.kind)")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func assign(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let staff = try req.requireStaff()
        let application = try await application(req, purpose: "assign")
        try await req.madoguchi.applicationReview.assign(application, to: staff.requireID(), by: .staff(staff.requireID()), origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/applications/\(try application.requireID().uuidString.lowercased())")
    }

    func export(req: Request) async throws -> Response {
        let applications = try await list(req, purpose: "export").applications
        let titles = Dictionary(uniqueKeysWithValues: try await req.formCatalog().forms.map { ($0.id, $0.title.ja) })
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
        let application = try await application(req, purpose: "status")
        let id = try application.requireID()
        let input = try req.content.decode(StatusInput.self)
        guard let status = ApplicationStatus(rawValue: input.status ?? "") else {
            return try await render(req, problem: FieldProblem(field: "status", message: LocalizedText(ja: "「状況」を選んでください。", en: "Choose a status.")))
        }
        do {
            try await req.madoguchi.applicationReview.changeStatus(application, to: status, comment: input.comment ?? "", by: .staff(req.requireStaff().requireID()),
                                               origin: req.origin, on: req.db)
        } catch let error as FormsReviewError {
            return try await render(req, problem: FieldProblem(field: error == .commentRequired || error == .commentTooLong ? "comment" : "status",
                                                              message: error.message))
        }
        return req.redirect(to: "/\(municipality.code)/staff/applications/\(id.uuidString.lowercased())")
    }

    private func render(_ req: Request, problem: FieldProblem?) async throws -> Response {
        let municipality = try req.municipality
        let staff = try req.requireStaff()
        let review = req.madoguchi.applicationReview
        let application = try await application(req, purpose: "view")
        var values = try await review.open(application, by: .staff(staff.requireID()), origin: req.origin, on: req.db)
        guard let form = try await req.formCatalog().form(application.formID) else { throw WebError.notFound }
        for field in form.fields where field.type == .myNumber {
            guard let raw = values[field.id], let number = MyNumber(raw) else { continue }
            values[field.id] = try await number.revealed(to: staff.roles, policy: Modules.accessPolicy, actor: .staff(staff.requireID()),
                                                         municipalityID: municipality.requireID(), record: application.receiptNumber,
                                                         purpose: "申請の審査", origin: req.origin, audit: req.madoguchi.audit, on: req.db)
        }
        let history = try await review.history(of: application, on: req.db)
        let files = req.madoguchi.formAttachments
        let attachments = try await files.list(applicationID: application.requireID(), on: req.db)
        let listed = try attachments.map { a in
            (id: try a.requireID(), field: a.fieldID, name: try files.open(a).filename, size: a.size)
        }
        var assignee: String?
        if let staffID = application.assignedStaffID {
            assignee = try await req.madoguchi.staffDirectory.displayNames(of: [staffID], on: req.db)[staffID]
        }
        return StaffApplicationsPage.detail(application, form: form, values: values, history: history, files: listed, assignee: assignee,
                                            problem: problem, context: req.pageContext())
            .response(status: problem == nil ? .ok : .unprocessableEntity)
    }
}
