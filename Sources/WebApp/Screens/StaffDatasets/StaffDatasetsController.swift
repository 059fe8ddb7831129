import Catalog
import Foundation
import MadoguchiCore
import Plot
import Privacy
import Vapor

/// `/{code}/staff/datasets`: drafting and publishing open data, with the personal-information guard.
///
/// - `GET  /staff/datasets`, `POST /staff/datasets`: the municipality's datasets; start a draft
/// - `GET  /staff/datasets/{dataset}`: resources, the publish step and, when blocked, the findings
/// - `POST /staff/datasets/{dataset}/resources`: upload a file (multipart, `maxUploadBytes`)
/// - `POST /staff/datasets/{dataset}/resources/{resource}/protect`: add a small-cell protected copy of a CSV table
/// - `POST /staff/datasets/{dataset}/publish`: publish; the privacy scanner runs first
/// - `POST /staff/datasets/{dataset}/publish-override`: the privacy officer publishes despite findings, with a written reason
/// - `POST /staff/datasets/exports/{export}`: list a module's declared export (live CSV) as a published dataset
///
/// The public catalogue pages and the CKAN/DCAT interfaces are issue 3's remaining work.
struct StaffDatasetsController: RouteCollection {
    /// The largest file accepted through this screen.
    static let maxUploadBytes = 20 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "datasets", requiring: CatalogPermission.validateData, use: list)
        routes.on(.POST, "datasets", requiring: CatalogPermission.editDatasets, use: create)
        routes.on(.GET, "datasets", ":dataset", requiring: CatalogPermission.validateData, use: show)
        routes.on(.POST, "datasets", ":dataset", requiring: CatalogPermission.editDatasets, use: update)
        let upload = routes.on(.POST, "datasets", ":dataset", "resources", requiring: CatalogPermission.editDatasets,
                               body: .stream, use: upload)  // read by CSRFMiddleware: 20 MiB only inside a staff session
        upload.userInfo[RouteInfo.maxBodyBytes] = Self.maxUploadBytes
        routes.on(.POST, "datasets", ":dataset", "resources", ":resource", "protect", requiring: CatalogPermission.editDatasets, use: protect)
        routes.on(.POST, "datasets", ":dataset", "resources", ":resource", "validate", requiring: CatalogPermission.validateData, use: validate)
        routes.on(.POST, "datasets", ":dataset", "resources", ":resource", "convert", requiring: CatalogPermission.editDatasets, use: convert)
        routes.on(.POST, "datasets", ":dataset", "publish", requiring: CatalogPermission.publishDatasets, use: publish)
        routes.on(.POST, "datasets", ":dataset", "publish-override", requiring: PrivacyPermission.overridePublishGuard, use: publishOverride)
        routes.on(.POST, "datasets", "exports", ":export", requiring: CatalogPermission.publishDatasets, use: listExport)
    }

    struct NewInput: Content {
        var name: String?
        var title: String?
        var notes: String?
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req, input: NewInput(), problems: [])
    }

    func create(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let staff = try req.requireStaff()
        let input = try req.content.decode(NewInput.self)
        do {
            let department = try await req.madoguchi.datasets.owningDepartment(for: staff, municipalityID: municipality.requireID(), on: req.db)
            let dataset = try await req.madoguchi.datasets.create(
                municipalityID: municipality.requireID(),
                DatasetInput(name: (input.name ?? "").trimmingCharacters(in: .whitespaces), title: (input.title ?? "").trimmingCharacters(in: .whitespaces),
                             notes: input.notes ?? "", departmentID: department),
                by: .staff(staff.requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/datasets/\(try dataset.requireID().uuidString.lowercased())")
        } catch let error as CatalogError {
            return try await renderList(req, input: input, problems: error.problems.isEmpty ? [FieldProblem(field: "name", message: error.message)] : error.problems)
        }
    }

    func show(req: Request) async throws -> Response {
        try await render(req, findings: [], problems: [], notice: nil)
    }

    struct MetadataInput: Content {
        var title: String?
        var notes: String?
        var tags: String?
        var license_id: String?
        var update_frequency: String?
        var spatial: String?
        var temporal_start: String?
        var temporal_end: String?
        var contact_name: String?
        var contact_email: String?
        var contact_phone: String?
        var standard_dataset: String?
        var categories: [String]?
    }

    /// Saves the metadata (every change audited by the catalogue's commands); problems name the field.
    func update(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let dataset = try await editable(req)
        let input = try req.content.decode(MetadataInput.self)
        func clean(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) } }
        let metadata = DatasetInput(
            name: dataset.name, title: clean(input.title) ?? "", notes: input.notes ?? "", departmentID: dataset.departmentID,
            tags: (input.tags ?? "").split(whereSeparator: { $0 == "," || $0 == "、" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            categories: input.categories ?? [], licenseID: clean(input.license_id) ?? License.defaultID, landingPage: dataset.landingPage,
            version: dataset.version, updateFrequency: clean(input.update_frequency), spatial: clean(input.spatial),
            temporalStart: clean(input.temporal_start), temporalEnd: clean(input.temporal_end), contactName: clean(input.contact_name),
            contactEmail: clean(input.contact_email), contactPhone: clean(input.contact_phone), standardDataset: clean(input.standard_dataset))
        do {
            _ = try await req.madoguchi.datasets.update(dataset.requireID(), municipalityID: municipality.requireID(), metadata,
                                                        by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CatalogError {
            return try await render(req, findings: [], problems: error.problems.isEmpty ? [FieldProblem(field: "title", message: error.message)] : error.problems,
                                    notice: nil)
        }
        return try await render(req, findings: [], problems: [], notice: LocalizedText(ja: "保存しました。", en: "Saved."))
    }

    struct UploadInput: Content {
        var file: File?
    }

    func upload(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let dataset = try await editable(req)
        guard let file = try? req.content.decode(UploadInput.self).file, file.data.readableBytes > 0 else {
            return try await render(req, findings: [], problems: [FieldProblem(field: "file", message: LocalizedText(
                ja: "「ファイル」を選んでください。", en: "Choose a file."))], notice: nil)
        }
        _ = try await req.madoguchi.datasets.addFile(to: dataset.requireID(), municipalityID: municipality.requireID(), fileName: file.filename,
                                                     data: Data(buffer: file.data), by: .staff(req.requireStaff().requireID()),
                                                     origin: req.origin, on: req.db)
        return req.redirect(to: "/\(municipality.code)/staff/datasets/\(try dataset.requireID().uuidString.lowercased())")
    }

    /// Reads a CSV table, suppresses small cells (threshold 3, with complementary suppression so
    /// totals do not give them away) and adds the result as a new resource; the original stays a draft file.
    func protect(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let dataset = try await editable(req)
        guard let resourceID = req.parameters.get("resource").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let suppressed: DatasetCommands.Suppressed
        do {
            suppressed = try await req.madoguchi.datasets.addProtectedCopy(of: resourceID, in: dataset.requireID(), municipalityID: municipality.requireID(),
                                                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CatalogError where error.kind == .invalidInput {
            return try await render(req, findings: [], problems: [FieldProblem(field: error.field ?? "protect", message: error.message)], notice: nil)
        }
        return try await render(req, findings: [], problems: [], notice: LocalizedText(
            ja: "秘匿処理済みの版を追加しました（一次秘匿\(suppressed.primary)件、二次秘匿\(suppressed.secondary)件）。元のファイルを削除してから公開してください。",
            en: "Added a protected copy (\(suppressed.primary) primary, \(suppressed.secondary) secondary suppressions)."))
    }

    func publish(req: Request) async throws -> Response {
        try await publish(req, override: nil)
    }

    /// Lists a module's open-data export (e.g. the live shelter status) in the catalogue, filed under
    /// the member's department (or the municipality's first).
    func listExport(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("export"),
              let export = req.madoguchi.manifests.openDataExport(id) else { throw WebError.notFound }
        let staff = try req.requireStaff()
        do {
            let department = try await req.madoguchi.datasets.owningDepartment(for: staff, municipalityID: municipality.requireID(), on: req.db)
            let url = "\(req.madoguchi.configuration.publicURL)/\(municipality.code)/exports/\(export.id).csv"
            let dataset = try await req.madoguchi.datasets.listExport(export, url: url, departmentID: department, municipalityID: municipality.requireID(),
                                                                      by: .staff(staff.requireID()), origin: req.origin, on: req.db)
            return req.redirect(to: "/\(municipality.code)/staff/datasets/\(try dataset.requireID().uuidString.lowercased())")
        } catch let error as CatalogError {
            return try await renderList(req, input: NewInput(), problems: error.problems.isEmpty ? [FieldProblem(field: "name", message: error.message)] : error.problems)
        }
    }

    struct ValidateInput: Content { var schema: String? }

    /// Checks a CSV against a 自治体標準オープンデータセット schema and shows the report by row and column.
    func validate(req: Request) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("dataset").flatMap(UUID.init(uuidString:)),
              let resourceID = req.parameters.get("resource").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        _ = try await req.madoguchi.datasets.find(id, municipalityID: municipality.requireID(), on: req.db)
        guard let schema = StandardDatasetLibrary.shared.schema(named: try req.content.decode(ValidateInput.self).schema ?? "") else {
            return try await render(req, findings: [], problems: [FieldProblem(field: "schema", message: LocalizedText(
                ja: "「標準データセット」を選んでください。", en: "Choose a standard dataset."))], notice: nil)
        }
        let report = try await req.madoguchi.datasets.validate(resourceID, municipalityID: municipality.requireID(), against: schema,
                                                               by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        return StaffDatasetsPage.report(report, schema: schema, datasetPath: "/\(municipality.code)/staff/datasets/\(id.uuidString.lowercased())",
                                        resourceID: resourceID, context: req.pageContext()).response()
    }

    /// Replaces a Shift_JIS (or UTF-16) CSV with its UTF-8 version as a new file version.
    func convert(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let dataset = try await editable(req)
        guard let resourceID = req.parameters.get("resource").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        do {
            try await req.madoguchi.datasets.convertToUTF8(resourceID, in: dataset.requireID(), municipalityID: municipality.requireID(),
                                                           by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CatalogError where error.kind == .invalidInput {
            return try await render(req, findings: [], problems: [FieldProblem(field: error.field ?? "file", message: error.message)], notice: nil)
        }
        return try await render(req, findings: [], problems: [], notice: LocalizedText(
            ja: "UTF-8に変換した版を保存しました（元の版も保管しています）。", en: "Saved a UTF-8 version (the old version is kept)."))
    }

    struct OverrideInput: Content { var reason: String? }

    func publishOverride(req: Request) async throws -> Response {
        let reason = (try req.content.decode(OverrideInput.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            return try await render(req, findings: [], problems: [FieldProblem(field: "reason", message: LocalizedText(
                ja: "「公開を認める理由」を入力してください。", en: "Give the reason for publishing."))], notice: nil)
        }
        return try await publish(req, override: PublishOverride(reason: String(reason.prefix(1000))))
    }

    private func publish(_ req: Request, override: PublishOverride?) async throws -> Response {
        let municipality = try req.municipality
        guard let id = req.parameters.get("dataset").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        do {
            _ = try await req.madoguchi.datasets.publish(id, municipalityID: municipality.requireID(), override: override,
                                                         by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as CatalogError where error.kind == .conflict || !error.problems.isEmpty {
            return try await render(req, findings: error.problems, problems: [], notice: nil)
        }
        return try await render(req, findings: [], problems: [], notice: LocalizedText(ja: "公開しました。", en: "Published."))
    }

    // MARK: - Helpers

    /// The dataset, if the signed-in member may edit it (their department's, or any with edit_any).
    private func editable(_ req: Request) async throws -> Dataset {
        guard let id = req.parameters.get("dataset").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let dataset = try await req.madoguchi.datasets.find(id, municipalityID: req.municipality.requireID(), on: req.db)
        let staff = try req.requireStaff()
        guard Modules.accessPolicy.allows(staff.roles, CatalogPermission.editAnyDepartmentDatasets) || staff.$department.id == dataset.departmentID else {
            throw WebError.forbidden
        }
        return dataset
    }

    private func renderList(_ req: Request, input: NewInput, problems: [FieldProblem]) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        let datasets = try await req.madoguchi.datasets.staffList(municipalityID: municipalityID, on: req.db)
        var exports: [StaffDatasetsPage.ModuleExport] = []
        for export in req.madoguchi.manifests.flatMap(\.openDataExports) {
            let listed = try await req.madoguchi.datasets.exportDataset(export.id, municipalityID: municipalityID, on: req.db)
            exports.append(StaffDatasetsPage.ModuleExport(id: export.id, title: export.title, listedID: listed?.id))
        }
        let canPublish = Modules.accessPolicy.allows(try req.requireStaff().roles, CatalogPermission.publishDatasets)
        return StaffDatasetsPage.list(datasets: datasets, exports: exports, canPublish: canPublish, input: input, problems: problems,
                                      context: req.pageContext())
            .response(status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    private func render(_ req: Request, findings: [FieldProblem], problems: [FieldProblem], notice: LocalizedText?) async throws -> Response {
        guard let id = req.parameters.get("dataset").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        let detail = try await req.madoguchi.datasets.staffDetail(id, municipalityID: req.municipality.requireID(), on: req.db)
        let roles = try req.requireStaff().roles
        let policy = Modules.accessPolicy
        let model = StaffDatasetsPage.Detail(
            dataset: detail.dataset, resources: detail.resources, categories: detail.categories, findings: findings, problems: problems, notice: notice,
            canEdit: policy.allows(roles, CatalogPermission.editDatasets), canPublish: policy.allows(roles, CatalogPermission.publishDatasets),
            canOverride: policy.allows(roles, PrivacyPermission.overridePublishGuard))
        let blocked = !findings.isEmpty || !problems.isEmpty
        return StaffDatasetsPage.detail(model, context: req.pageContext()).response(status: blocked ? .unprocessableEntity : .ok)
    }
}
