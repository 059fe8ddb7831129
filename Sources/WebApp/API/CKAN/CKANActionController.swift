import Catalog
import Crypto
import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import Vapor

/// CKAN Action API v3 at `/{code}/api/3/action/{action}` and `/{code}/api/action/{action}`, so a
/// CKAN client or harvester uses `http(s)://host/{code}` as the catalogue's base URL.
///
/// Read actions are public (published datasets only). Write actions need an API token
/// (`/{code}/staff/api-tokens`) in the `Authorization` header and act with its owner's roles;
/// every change is audited through the catalogue's commands, and publishing runs the
/// personal-information guard.
struct CKANActionController: RouteCollection {
    /// The largest upload, for `uploadActions` once their API token is checked.
    static let maxBodyBytes = 20 * 1024 * 1024
    /// The only actions that take a large body (a file); every other action, and every anonymous
    /// request, has the small default (`MADOGUCHI_MAX_BODY_BYTES`).
    static let uploadActions: Set<String> = ["resource_create"]

    func boot(routes: any RoutesBuilder) throws {
        for prefix in [["api", "3", "action"], ["api", "action"]] {
            let group = routes.grouped(prefix.map { PathComponent(stringLiteral: $0) })
            group.on(.GET, ":action", use: handle)
            // Streamed: the body is collected in `handle`, within the limit the action and its token allow.
            group.on(.POST, ":action", body: .stream, use: handle)
        }
    }

    func handle(req: Request) async throws -> Response {
        let action = req.parameters.get("action") ?? ""
        let base = try CKANCatalog.siteURL(req)
        do {
            let catalog = try CKANCatalog(req: req)
            if req.method == .POST { try await collectBody(req, action: action, catalog: catalog, base: base) }
            let params = try CKANParams.read(req)
            let context = CKANAction(req: req, params: params, catalog: catalog, action: action, base: base)
            return try await context.run()
        } catch let error as CKANFailure {
            return CKANResponse.error(error.kind, error.message, fields: error.fields, action: action, base: base)
        } catch CKANParamError.tooLarge(let limit) {
            let response = CKANResponse.error(.validation, "Request body too large (limit \(limit) bytes)", action: action, base: base)
            response.status = .payloadTooLarge
            return response
        } catch CKANParamError.badJSON {
            return CKANResponse.error(.validation, "Bad request - JSON Error: the body is not a JSON object", action: action, base: base)
        } catch let error as ParameterError {
            let field = error.field ?? "parameter"
            return CKANResponse.error(.validation, error.message.en, fields: [field: [error.message.en]], action: action, base: base)
        } catch APITokens.Refusal.expired {
            let response = CKANResponse.error(.authorization, "Access denied: the API token has expired", action: action, base: base)
            response.status = .unauthorized
            return response
        } catch let error as CatalogError {
            if error.kind == .notFound { return CKANResponse.error(.notFound, error.message.en, action: action, base: base) }
            var fields: [String: [String]] = [:]
            for p in error.problems { fields[p.field, default: []].append(p.message.en + "（" + p.message.ja + "）") }
            return CKANResponse.error(.validation, error.message.en, fields: fields, action: action, base: base)
        }
    }
}

extension CKANActionController {
    /// Reads a POST body within its limit: the default for every action, the upload limit only for
    /// `uploadActions` and only after the API token and its permission are checked, so an anonymous
    /// client can never make the server buffer more than the small default.
    func collectBody(_ req: Request, action: String, catalog: CKANCatalog, base: String) async throws {
        var limit = req.application.routes.defaultMaxBodySize.value
        if Self.uploadActions.contains(action) {
            let gate = CKANAction(req: req, params: CKANParams(values: [:]), catalog: catalog, action: action, base: base)
            _ = try await gate.require(.editDatasets)
            limit = Self.maxBodyBytes
        }
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw CKANParamError.tooLarge(limit)
        }
        let body: ByteBuffer?
        do {
            body = try await req.body.collect(max: limit).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw CKANParamError.tooLarge(limit)
        }
        // A body handed over whole (as in tests) is not checked by `collect`.
        if let body, body.readableBytes > limit { throw CKANParamError.tooLarge(limit) }
    }
}

/// A failure with CKAN's error type.
struct CKANFailure: Error {
    let kind: CKANResponse.Kind
    let message: String
    var fields: [String: [String]] = [:]

    static func notFound(_ what: String) -> CKANFailure { CKANFailure(kind: .notFound, message: "Not found: \(what)") }
    static func missing(_ field: String) -> CKANFailure { CKANFailure(kind: .validation, message: "Missing value", fields: [field: ["Missing value"]]) }
    static func forbidden(_ why: String) -> CKANFailure { CKANFailure(kind: .authorization, message: "Access denied: \(why)") }
}

/// One action call.
struct CKANAction {
    let req: Request
    let params: CKANParams
    let catalog: CKANCatalog
    let action: String
    let base: String

    func ok(_ value: some Encodable) throws -> Response { try CKANResponse.success(value, action: action, base: base) }

    func run() async throws -> Response {
        guard CKANParameters.actions.contains(action) else { throw CKANFailure(kind: .notFound, message: "Action name not known: \(action.prefix(100))") }
        switch action {
        case "status_show":
            let municipality = try req.municipality
            return try ok(["site_title": "\(municipality.name) オープンデータ", "site_url": base, "ckan_version": "2.10.0",
                           "site_description": "\(municipality.name)のオープンデータカタログ（Madoguchi）", "locale_default": "ja"])
        case "license_list":
            return try ok(License.all.map(CKANLicense.init))
        case "package_list":
            let limit = try params.integer(CKANParameters.packageListLimit, default: 1000), offset = try params.integer(CKANParameters.offset, default: 0)
            return try ok(try await catalog.published(limit: limit, offset: offset).map(\.name))
        case "current_package_list_with_resources":
            let limit = try params.integer(CKANParameters.packageListLimit, default: 100), offset = try params.integer(CKANParameters.offset, default: 0)
            return try ok(try await catalog.packages(try await catalog.published(limit: limit, offset: offset)))
        case "package_search": return try await packageSearch()
        case "package_show":
            guard let id = try identifier("id") ?? identifier("name") else { throw CKANFailure.missing("id") }
            let staff = try await tokenStaff(required: false)
            guard let dataset = try await catalog.dataset(id, includeDrafts: true), APITokens.mayRead(dataset, as: staff) else {
                throw CKANFailure.notFound("dataset \(id)")
            }
            return try ok(try await catalog.package(dataset))
        case "resource_show":
            guard let text = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let id = UUID(uuidString: text) else { throw CKANFailure.notFound("resource") }
            guard let resource = try await Resource.query(on: req.db).filter(\.$id == id).filter(\.$municipalityID == catalog.municipalityID)
                    .filter(\.$deleted == false).first(),
                  let dataset = try await catalog.dataset(resource.$dataset.id.uuidString, includeDrafts: true),
                  APITokens.mayRead(dataset, as: try await tokenStaff(required: false)) else {
                throw CKANFailure.notFound("resource")
            }
            let license = License.named(dataset.licenseID)
            return try ok(catalog.mapping.resource(resource, openLicence: license?.isOpen ?? false))
        case "organization_list", "group_list":
            let all = params.bool("all_fields") ?? false
            if action == "organization_list" {
                let departments = try await catalog.departments()
                return all ? try ok(departments.map { catalog.mapping.organization($0) }) : try ok(departments.map(\.code))
            }
            let groups = try await Category.query(on: req.db).filter(\.$municipalityID == catalog.municipalityID).sort(\.$name).all()
            return all ? try ok(groups.map { catalog.mapping.group($0) }) : try ok(groups.map(\.name))
        case "organization_show":
            guard let id = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let department = try await catalog.department(id) else { throw CKANFailure.notFound("organization \(id)") }
            let count = try await Dataset.query(on: req.db).filter(\.$departmentID == department.requireID()).filter(\.$state == .published).count()
            return try ok(catalog.mapping.organization(department, packageCount: count))
        case "group_show":
            guard let id = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let group = try await Category.query(on: req.db).filter(\.$municipalityID == catalog.municipalityID).filter(\.$name == id).first()
            else { throw CKANFailure.notFound("group \(id)") }
            return try ok(catalog.mapping.group(group))
        case "tag_list":
            let datasets = try await Dataset.query(on: req.db).filter(\.$municipalityID == catalog.municipalityID).filter(\.$state == .published).all()
            return try ok(Array(Set(datasets.flatMap(\.tags))).sorted())
        case "package_create", "package_update", "package_patch": return try await write()
        case "package_delete":
            let staff = try await require(.deleteDatasets)
            guard let id = params.string("id") else { throw CKANFailure.missing("id") }
            guard let dataset = try await catalog.dataset(id, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(id)") }
            try await commands.delete(dataset.requireID(), municipalityID: catalog.municipalityID, by: .staff(staff.requireID()), origin: req.origin, on: req.db)
            return try ok(Optional<String>.none)
        case "resource_create": return try await resourceCreate()
        default:
            throw CKANFailure(kind: .notFound, message: "Action name not known: \(action)")
        }
    }

    var commands: DatasetCommands { req.madoguchi.datasets }

    /// An id or name parameter of a read action, bounded.
    func identifier(_ name: String) throws(ParameterError) -> String? { try params.text(CKANParameters.identifier(name)) }

    private func packageSearch() async throws -> Response {
        let query = try SearchQuery.ckan(q: params.values["q"], fq: params.values["fq"], sort: params.values["sort"],
                                         rows: params.values["rows"], start: params.values["start"],
                                         facetFields: try facetFields(), facetLimit: params.values["facet.limit"])
        let result = try await DatasetSearch.run(query, municipalityID: catalog.municipalityID, on: req.db)
        let packages = try await catalog.packages(try await DatasetSearch.datasets(for: result, on: req.db))
        var facets: [String: [String: Int]] = [:]
        var searchFacets: [String: SearchFacet] = [:]
        for (field, counts) in result.facets {
            facets[field] = Dictionary(counts.map { ($0.name, $0.count) }, uniquingKeysWith: +)
            searchFacets[field] = SearchFacet(title: field, items: counts.map { .init(name: $0.name, display_name: $0.displayName, count: $0.count) })
        }
        return try ok(SearchResult(count: result.count, sort: try params.text(SearchLimits.sort) ?? SearchSort.relevance.rawValue,
                                   results: packages, facets: facets, search_facets: searchFacets))
    }

    /// `facet.field` as a JSON list (`["tags","res_format"]`) or a list, bounded before it is read.
    private func facetFields() throws -> [String]? {
        if let list = params.values["facet.field"] as? [Any] {
            guard list.count <= SearchQuery.facetableFields.count else {
                throw ParameterError(parameter: "facet.field", ja: "facet.field が多すぎます", en: "facet.field: too many fields")
            }
            return try list.map { item throws(ParameterError) in try SearchLimits.facetField.parse(item) ?? "" }
        }
        guard let text = try params.text(SearchLimits.facetField) else { return nil }
        if let data = text.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [String] { return list }
        return [text]
    }

    struct SearchResult: Encodable {
        let count: Int
        let sort: String
        let results: [CKANPackage]
        let facets: [String: [String: Int]]
        let search_facets: [String: SearchFacet]
    }

    struct SearchFacet: Encodable {
        struct Item: Encodable { let name: String; let display_name: String; let count: Int }
        let title: String
        let items: [Item]
    }

    // MARK: - Writes

    /// The token's staff member, checked against the municipality in the path.
    func tokenStaff(required: Bool) async throws -> Staff? {
        let header = req.headers.first(name: .authorization) ?? req.headers.first(name: "X-CKAN-API-Key")
        guard var token = header?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
            if required { throw CKANFailure.forbidden("an API token is required in the Authorization header") }
            return nil
        }
        if token.lowercased().hasPrefix("bearer ") { token = String(token.dropFirst(7)) }
        do {
            return try await APITokens.owner(of: token, municipalityID: catalog.municipalityID, on: req.db)
        } catch APITokens.Refusal.invalid {
            throw CKANFailure.forbidden("the API token is not valid for this catalogue")
        }
    }

    func require(_ permission: Permission) async throws -> Staff {
        let staff = try await tokenStaff(required: true)!
        guard Modules.accessPolicy.allows(staff.roles, permission) else {
            throw CKANFailure.forbidden("the token's owner lacks \(permission.rawValue)")
        }
        return staff
    }

    private func write() async throws -> Response {
        let staff = try await require(.editDatasets)
        let actor = Actor.staff(try staff.requireID())
        var dataset: Dataset
        if action == "package_create" {
            let department = try await ownerDepartment(staff)
            dataset = try await commands.create(municipalityID: catalog.municipalityID, try input(department: department, base: nil),
                                                by: actor, origin: req.origin, on: req.db)
        } else {
            guard let id = params.string("id") ?? params.string("name") else { throw CKANFailure.missing("id") }
            guard let existing = try await catalog.dataset(id, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(id)") }
            try allowed(staff, existing, asked: id)
            if action == "package_update" {
                let department = params.string("owner_org") != nil ? try await ownerDepartment(staff) : existing.departmentID
                dataset = try await commands.update(existing.requireID(), municipalityID: catalog.municipalityID,
                                                    try input(department: department, base: nil), by: actor, origin: req.origin, on: req.db)
            } else {
                let params = self.params
                dataset = try await commands.patch(existing.requireID(), municipalityID: catalog.municipalityID, by: actor, origin: req.origin, on: req.db) { d in
                    if let v = params.string("title") { d.title = v }
                    if let v = params.string("notes") { d.notes = v }
                    if let v = params.string("license_id") { d.licenseID = v }
                    if let v = params.string("url") { d.landingPage = v }
                    if let v = params.string("version") { d.version = v }
                    if let v = params.names("tags") { d.tags = v }
                    if let v = params.names("groups") { d.categories = v }
                }
            }
        }
        // CKAN datasets are public unless `private`; here publishing is a permission of its own.
        if params.bool("private") == false, dataset.state == .draft, Modules.accessPolicy.allows(staff.roles, .publishDatasets) {
            dataset = try await commands.publish(dataset.requireID(), municipalityID: catalog.municipalityID, by: actor, origin: req.origin, on: req.db)
        }
        return try ok(try await catalog.package(dataset))
    }

    /// Whether the token's owner may change `dataset`. A draft they may not even read gets the answer an
    /// unknown id gets, so a write action does not reveal that another department's draft exists.
    private func allowed(_ staff: Staff, _ dataset: Dataset, asked id: String) throws {
        guard Modules.accessPolicy.allows(staff.roles, .editAnyDepartmentDatasets) || staff.$department.id == dataset.departmentID else {
            if !APITokens.mayRead(dataset, as: staff) { throw CKANFailure.notFound("dataset \(id)") }
            throw CKANFailure.forbidden("the dataset belongs to another department")
        }
    }

    private func ownerDepartment(_ staff: Staff) async throws -> UUID {
        if let org = params.string("owner_org"), !org.isEmpty {
            guard let department = try await catalog.department(org) else {
                throw CKANFailure(kind: .validation, message: "Organization does not exist", fields: ["owner_org": ["Organization does not exist"]])
            }
            let id = try department.requireID()
            if !Modules.accessPolicy.allows(staff.roles, .editAnyDepartmentDatasets), staff.$department.id != id {
                throw CKANFailure.forbidden("the token's owner may not create datasets for \(org)")
            }
            return id
        }
        if let own = staff.$department.id { return own }
        guard let first = try await catalog.departments().first else { throw CKANFailure.missing("owner_org") }
        return try first.requireID()
    }

    private func input(department: UUID, base: Dataset?) throws -> DatasetInput {
        let extras = params.extras
        guard let name = params.string("name") else { throw CKANFailure.missing("name") }
        return DatasetInput(name: name, title: params.string("title") ?? name, notes: params.string("notes") ?? "", departmentID: department,
                            tags: params.names("tags") ?? [], categories: params.names("groups") ?? [],
                            licenseID: params.string("license_id") ?? License.defaultID, landingPage: params.string("url"),
                            version: params.string("version"), updateFrequency: extras["update_frequency"], spatial: extras["spatial_text"],
                            temporalStart: extras["temporal_start"], temporalEnd: extras["temporal_end"],
                            contactName: params.string("maintainer"), contactEmail: params.string("maintainer_email"),
                            contactPhone: extras["contact_phone"], standardDataset: extras["standard_dataset"])
    }

    struct ResourceForm: Content {
        var package_id: String?
        var name: String?
        var description: String?
        var format: String?
        var url: String?
        var upload: File?
    }

    private func resourceCreate() async throws -> Response {
        let staff = try await require(.editDatasets)
        let form: ResourceForm
        if req.headers.contentType?.type == "multipart" {
            form = try req.content.decode(ResourceForm.self)
        } else {
            form = ResourceForm(package_id: params.string("package_id"), name: params.string("name"), description: params.string("description"),
                                format: params.string("format"), url: params.string("url"), upload: nil)
        }
        guard let packageID = form.package_id else { throw CKANFailure.missing("package_id") }
        guard let dataset = try await catalog.dataset(packageID, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(packageID)") }
        try allowed(staff, dataset, asked: packageID)
        let actor = Actor.staff(try staff.requireID())
        let resource: Resource
        if let upload = form.upload, upload.data.readableBytes > 0 {
            resource = try await commands.addFile(to: dataset.requireID(), municipalityID: catalog.municipalityID, fileName: upload.filename,
                                                  data: Data(buffer: upload.data), name: form.name, description: form.description ?? "",
                                                  by: actor, origin: req.origin, on: req.db)
        } else if let url = form.url, !url.isEmpty {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CKANFailure(kind: .validation, message: "Invalid URL", fields: ["url": ["Must be an http(s) URL"]])
            }
            resource = try await commands.addLink(to: dataset.requireID(), municipalityID: catalog.municipalityID, url: url,
                                                  name: form.name ?? url, format: form.format ?? "", description: form.description ?? "",
                                                  by: actor, origin: req.origin, on: req.db)
        } else {
            throw CKANFailure(kind: .validation, message: "Missing value", fields: ["upload": ["Give a file in upload or a link in url"]])
        }
        return try ok(catalog.mapping.resource(resource, openLicence: License.named(dataset.licenseID)?.isOpen ?? false))
    }
}
