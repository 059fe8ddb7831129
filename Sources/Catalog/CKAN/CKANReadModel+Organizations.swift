import FluentKit
import Foundation
import MadoguchiCore

/// Organisations (departments), groups (categories) and tags, as organization_list/show,
/// group_list/show and tag_list give them.
extension CKANReadModel {
    public func departments() async throws -> [Department] {
        try await Department.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$code).all()
    }

    /// A department by its id or code (CKAN's organisation id or name).
    public func department(_ idOrCode: String) async throws -> Department? {
        try await departments().first { $0.id?.uuidString.lowercased() == idOrCode.lowercased() || $0.code == idOrCode }
    }

    /// organization_list: names, or whole dictionaries with `all_fields`.
    public func organizations() async throws -> [CKANOrganization] {
        try await departments().map { mapping.organization($0) }
    }

    /// organization_show, with the number of published datasets.
    public func organization(_ idOrCode: String) async throws -> CKANOrganization? {
        guard let department = try await department(idOrCode) else { return nil }
        let count = try await Dataset.query(on: db).filter(\.$departmentID == department.requireID()).filter(\.$state == .published).count()
        return mapping.organization(department, packageCount: count)
    }

    /// group_list, by name.
    public func groups() async throws -> [CKANGroup] {
        try await Category.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$name).all().map { mapping.group($0) }
    }

    /// group_show.
    public func group(_ name: String) async throws -> CKANGroup? {
        try await Category.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$name == name).first().map { mapping.group($0) }
    }

    /// tag_list: every tag of a published dataset, sorted.
    public func tags() async throws -> [String] {
        let datasets = try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published).all()
        return Array(Set(datasets.flatMap(\.tags))).sorted()
    }
}
