import FluentKit
import Foundation
import MadoguchiCore

/// What the staff catalogue screens read: the municipality's datasets, and one dataset with its
/// live resources and the categories it may join.
extension DatasetCommands {
    /// The newest-changed datasets a staff list shows at most.
    public static let staffListLimit = 500

    /// The municipality's datasets that are not deleted, most recently changed first.
    public func staffList(municipalityID: UUID, on db: any Database) async throws -> [Dataset] {
        try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state != .deleted)
            .sort(\.$modifiedAt, .descending).limit(Self.staffListLimit).all()
    }

    /// A dataset for its staff page.
    public struct StaffDetail: Sendable {
        public let dataset: Dataset
        public let resources: [Resource]
        public let categories: [Category]
    }

    /// The dataset (not found outside the municipality), its live resources in order and the
    /// municipality's categories.
    public func staffDetail(_ id: UUID, municipalityID: UUID, on db: any Database) async throws -> StaffDetail {
        let dataset = try await find(id, municipalityID: municipalityID, on: db)
        let resources = try await Resource.query(on: db).filter(\.$dataset.$id == id).filter(\.$deleted == false).sort(\.$position).all()
        let categories = try await CategoryCommands(audit: audit).list(municipalityID: municipalityID, on: db)
        return StaffDetail(dataset: dataset, resources: resources, categories: categories)
    }

    /// The department a new dataset is filed under: the member's own, else the municipality's
    /// first; a municipality without departments is refused (field `name`).
    public func owningDepartment(for staff: Staff, municipalityID: UUID, on db: any Database) async throws -> UUID {
        if let own = staff.$department.id { return own }
        guard let first = try await Departments(audit: audit).first(of: municipalityID, on: db) else {
            throw CatalogError(.invalidInput, ja: "部署が登録されていません。先に部署を登録してください。",
                               en: "Create a department first.", field: "name")
        }
        return try first.requireID()
    }
}
