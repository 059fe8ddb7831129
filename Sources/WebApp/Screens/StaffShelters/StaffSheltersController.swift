import Catalog
import MadoguchiCore
import Notices
import Shelters
import Vapor

/// `/{code}/staff/shelters`: staff at a shelter report its status from a phone; administrators
/// import the list from the catalogue's standard datasets.
///
/// - `GET  /staff/shelters`: every shelter with a short report form
/// - `POST /staff/shelters/import`: take 指定避難所一覧 or 指定緊急避難場所一覧 from the published catalogue
/// - `GET  /staff/shelters/{shelter}`: the shelter's report history (after-action review)
/// - `POST /staff/shelters/{shelter}`: a report (status, people, households, crowding)
struct StaffSheltersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "shelters", requiring: SheltersPermission.reportStatus, use: list)
        routes.on(.POST, "shelters", "import", requiring: SheltersPermission.manageShelters, use: importFromCatalog)
        routes.on(.GET, "shelters", ":shelter", requiring: SheltersPermission.reportStatus, use: history)
        routes.on(.POST, "shelters", ":shelter", requiring: SheltersPermission.reportStatus, use: report)
    }

    struct ReportInput: Content {
        var status: String?
        var head_count: String?
        var households: String?
        var crowding: String?
        var revision: String?
        /// `on`: when this report opens the shelter, publish a notice saying so (needs `notices.notices.write`).
        var announce: String?
    }

    struct ImportInput: Content { var kind: String? }

    func list(req: Request) async throws -> Response {
        try await render(req, notice: nil)
    }

    func report(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("shelter").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let input = try req.content.decode(ReportInput.self)
        let staff = try req.requireStaff()
        do {
            let reported = try await req.madoguchi.shelters.report(
                id, municipalityID: municipality.requireID(),
                ShelterReportInput(status: input.status ?? "", headCount: input.head_count ?? "", households: input.households ?? "",
                                   crowding: input.crowding ?? "", revision: input.revision ?? ""),
                by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            let shelter = reported.shelter
            let l = req.language
            var message = l == .ja ? "「\(shelter.name)」の状況を更新しました（\(shelter.shelterStatus.label.ja)）"
                                   : "Updated \(shelter.name) (\(shelter.shelterStatus.label.en))"
            if input.announce == "on", reported.opened,
               Modules.accessPolicy.allows(staff.roles, NoticesPermission.writeNotices) {
                try await announceOpening(shelter, staff: staff, req: req)
                message += l == .ja ? "。開設のお知らせを掲載しました" : "; the opening is announced in the notices"
            }
            return try await render(req, notice: message)
        } catch let error as SheltersInputProblems {
            return try await render(req, notice: nil, failed: StaffSheltersPage.Failed(shelterID: id, input: input, problems: error.problems))
        }
    }

    /// Publishes a 防災・安全 notice that the shelter has opened, pointing to the live status page; the
    /// notice module's own checks and audit apply (its subscribers are told once subscriptions exist).
    private func announceOpening(_ shelter: Shelter, staff: Staff, req: Request) async throws {
        let municipality = try req.municipality
        let statusPage = "\(req.madoguchi.configuration.publicURL)/\(municipality.code)/shelters"
        let time = shelter.checkedAt.map(TimestampText.japanMinutes) ?? ""
        let input = NoticeInput(
            title: "避難所を開設しました：\(shelter.name)",
            body: "\(time)に「\(shelter.name)」（\(shelter.address)）を開設しました。\n\n最新の混雑状況は[避難所の開設状況](\(statusPage))でご確認ください。",
            category: NoticeCategory.safety.rawValue, departmentID: staff.$department.id?.uuidString ?? "",
            titleEnglish: "Shelter opened: \(shelter.name)",
            bodyEnglish: "\(shelter.name) (\(shelter.address)) opened at \(time). See the [shelter status](\(statusPage)) for crowding.")
        let notices = NoticeCommands(audit: req.madoguchi.audit)
        let draft = try await notices.create(municipalityID: municipality.requireID(), input, by: .staff(staff.requireID()),
                                             origin: req.origin, on: req.db)
        _ = try await notices.publish(draft.requireID(), municipalityID: municipality.requireID(), by: .staff(staff.requireID()),
                                      origin: req.origin, on: req.db)
    }

    func importFromCatalog(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let kind = try req.content.decode(ImportInput.self).kind ?? ""
        let l = req.language
        guard Shelter.kinds.contains(kind) else {
            return try await render(req, notice: nil, importProblem: FieldProblem(field: "kind", message: LocalizedText(
                ja: "「取り込むデータ」を選んでください", en: "Choose the dataset to import")))
        }
        guard let table = try await req.madoguchi.datasets.publishedStandardTable(kind, municipalityID: municipality.requireID(), on: req.db) else {
            return try await render(req, notice: nil, importProblem: FieldProblem(field: "kind", message: LocalizedText(
                ja: "この標準データセットに沿ったCSVがカタログに公開されていません", en: "No published CSV follows this standard dataset")))
        }
        do {
            let outcome = try await req.madoguchi.shelters.importTable(ShelterTable(header: table.header, rows: table.rows), kind: kind,
                                                                       municipalityID: municipality.requireID(),
                                                                       by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
            let skipped = outcome.skipped.isEmpty ? "" : (l == .ja ? "、読み飛ばし \(outcome.skipped.count)行（\(outcome.skipped.prefix(5).joined(separator: "; "))）"
                                                                  : ", skipped \(outcome.skipped.count) (\(outcome.skipped.prefix(5).joined(separator: "; ")))")
            return try await render(req, notice: l == .ja ? "「\(table.datasetName)」から取り込みました：追加 \(outcome.added)、更新 \(outcome.updated)\(skipped)"
                                                          : "Imported from \(table.datasetName): \(outcome.added) added, \(outcome.updated) updated\(skipped)")
        } catch let error as SheltersError where error.field != nil {
            return try await render(req, notice: nil, importProblem: FieldProblem(field: "kind", message: error.message))
        }
    }

    func history(req: Request) async throws -> Response {
        guard let id = req.parameters.get("shelter").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let municipalityID = try req.municipality.requireID()
        let shelter = try await req.madoguchi.shelterQueries.find(id, municipalityID: municipalityID, on: req.db)
        let reports = try await req.madoguchi.shelterQueries.history(of: id, municipalityID: municipalityID, on: req.db)
        let names = try await req.madoguchi.staffDirectory.displayNames(of: Set(reports.compactMap { Self.staffID($0.reportedBy) }), on: req.db)
        return StaffSheltersPage.history(shelter: shelter, reports: reports, names: names, context: req.pageContext()).response()
    }

    /// The staff member a report's `reported_by` names, if it was staff.
    static func staffID(_ reference: String) -> UUID? {
        if case .staff(let id)? = Actor(reference: reference) { return id }
        return nil
    }

    private func render(_ req: Request, notice: String?, failed: StaffSheltersPage.Failed? = nil,
                        importProblem: FieldProblem? = nil) async throws -> Response {
        let shelters = try await req.madoguchi.shelterQueries.list(municipalityID: req.municipality.requireID(), on: req.db)
        let roles = try req.requireStaff().roles
        return StaffSheltersPage.list(shelters: shelters, notice: notice, failed: failed, importProblem: importProblem,
                                      canImport: Modules.accessPolicy.allows(roles, SheltersPermission.manageShelters),
                                      canAnnounce: Modules.accessPolicy.allows(roles, NoticesPermission.writeNotices), context: req.pageContext())
            .response(status: failed == nil && importProblem == nil ? .ok : .unprocessableEntity)
    }
}
