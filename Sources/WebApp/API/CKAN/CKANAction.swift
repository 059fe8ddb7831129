import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// One action call: parses the action's parameters, calls one `CKANReadModel` query (or, for
/// writes, one `DatasetCommands` command; `CKANAction+Writes.swift`) and encodes the result.
struct CKANAction {
    let req: Request
    let params: CKANParams
    let catalog: CKANReadModel
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
            return try ok(CKANLicense.all)
        case "package_list":
            let limit = try params.integer(CKANParameters.packageListLimit, default: 1000), offset = try params.integer(CKANParameters.offset, default: 0)
            return try ok(try await catalog.packageNames(limit: limit, offset: offset))
        case "current_package_list_with_resources":
            let limit = try params.integer(CKANParameters.packageListLimit, default: 100), offset = try params.integer(CKANParameters.offset, default: 0)
            return try ok(try await catalog.publishedPackages(limit: limit, offset: offset))
        case "package_search":
            return try ok(try await catalog.packageSearch(try searchQuery(), sort: try params.text(SearchLimits.sort)))
        case "package_show":
            guard let id = try identifier("id") ?? identifier("name") else { throw CKANFailure.missing("id") }
            let staff = try tokenStaff(required: false)
            guard let dataset = try await catalog.dataset(id, includeDrafts: true), APITokens.mayRead(dataset, as: staff) else {
                throw CKANFailure.notFound("dataset \(id)")
            }
            return try ok(try await catalog.package(dataset))
        case "resource_show":
            guard let text = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let id = UUID(uuidString: text) else { throw CKANFailure.notFound("resource") }
            guard let found = try await catalog.resource(id), APITokens.mayRead(found.dataset, as: try tokenStaff(required: false)) else {
                throw CKANFailure.notFound("resource")
            }
            return try ok(catalog.resourceDictionary(found.resource, of: found.dataset))
        case "organization_list":
            let organizations = try await catalog.organizations()
            return params.bool("all_fields") ?? false ? try ok(organizations) : try ok(organizations.map(\.name))
        case "group_list":
            let groups = try await catalog.groups()
            return params.bool("all_fields") ?? false ? try ok(groups) : try ok(groups.map(\.name))
        case "organization_show":
            guard let id = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let organization = try await catalog.organization(id) else { throw CKANFailure.notFound("organization \(id)") }
            return try ok(organization)
        case "group_show":
            guard let id = try identifier("id") else { throw CKANFailure.missing("id") }
            guard let group = try await catalog.group(id) else { throw CKANFailure.notFound("group \(id)") }
            return try ok(group)
        case "tag_list":
            return try ok(try await catalog.tags())
        case "package_create", "package_update", "package_patch": return try await write()
        case "package_delete": return try await delete()
        case "resource_create": return try await resourceCreate()
        default:
            throw CKANFailure(kind: .notFound, message: "Action name not known: \(action)")
        }
    }

    var commands: DatasetCommands { req.madoguchi.datasets }

    /// An id or name parameter of a read action, bounded.
    func identifier(_ name: String) throws(ParameterError) -> String? { try params.text(CKANParameters.identifier(name)) }

    /// package_search's parameters as sent (query string or JSON), within `SearchLimits`.
    private func searchQuery() throws -> SearchQuery {
        let unknown = CKANParameters.unknownSearchParameters(params.values.keys)
        guard unknown.isEmpty else {
            throw CKANFailure(kind: .searchQuery, message: "Search Query is invalid: Invalid search parameters: \(unknown)")
        }
        return try SearchQuery.ckan(q: params.values["q"], fq: params.values["fq"], sort: params.values["sort"],
                                    rows: params.values["rows"], start: params.values["start"],
                                    facetFields: try facetFields(), facetLimit: params.values["facet.limit"])
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

    /// The API token's owner (authenticated by `APITokenMiddleware`); nil without a token unless `required`.
    func tokenStaff(required: Bool) throws(APITokens.Refusal) -> Staff? {
        try req.apiTokenOwner(required: required)
    }

    /// The token's owner, who must hold `permission`.
    func require(_ permission: Permission) throws -> Staff {
        let staff = try tokenStaff(required: true)!
        guard Modules.accessPolicy.allows(staff.roles, permission) else {
            throw CKANFailure.forbidden("the token's owner lacks \(permission.rawValue)")
        }
        return staff
    }
}
