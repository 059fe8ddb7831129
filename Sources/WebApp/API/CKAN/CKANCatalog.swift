import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// Reads the municipality's catalogue as CKAN objects: datasets with their organisation,
/// groups and resources loaded in bulk.
struct CKANCatalog {
    let db: any Database
    let municipalityID: UUID
    let mapping: CKANMapping

    init(req: Request) throws {
        db = req.db
        municipalityID = try req.municipality.requireID()
        mapping = CKANMapping(siteURL: try Self.siteURL(req))
    }

    /// `<public URL>/{code}`: the CKAN base URL of this municipality's catalogue. Built on the
    /// configured public address, never on the request's Host header (which the client chooses).
    static func siteURL(_ req: Request) throws -> String {
        "\(req.madoguchi.configuration.publicURL)/\(try req.municipality.code)"
    }

    func packages(_ datasets: [Dataset]) async throws -> [CKANPackage] {
        guard !datasets.isEmpty else { return [] }
        let ids = datasets.compactMap(\.id)
        let resources = Dictionary(grouping: try await Resource.query(on: db).filter(\.$dataset.$id ~~ ids).filter(\.$deleted == false).all(),
                                   by: { $0.$dataset.id })
        let departments = Dictionary(uniqueKeysWithValues: try await Department.query(on: db)
            .filter(\.$municipality.$id == municipalityID).all().compactMap { d in d.id.map { ($0, d) } })
        let categories = try await Category.query(on: db).filter(\.$municipalityID == municipalityID).all()
        return datasets.map { d in
            mapping.package(d, department: departments[d.departmentID], categories: categories, resources: resources[d.id!] ?? [])
        }
    }

    func package(_ dataset: Dataset) async throws -> CKANPackage { try await packages([dataset])[0] }

    /// A dataset by id or name; drafts only when `includeDrafts`.
    func dataset(_ idOrName: String, includeDrafts: Bool) async throws -> Dataset? {
        var query = Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state != .deleted)
        if let id = UUID(uuidString: idOrName) { query = query.filter(\.$id == id) } else { query = query.filter(\.$name == idOrName) }
        guard let dataset = try await query.first() else { return nil }
        return dataset.state == .published || includeDrafts ? dataset : nil
    }

    /// A page of published datasets, newest first; `limit` and `offset` come checked by the caller
    /// (`CKANParameters`) and are clamped again here, so no value can overflow or invert a range.
    func published(limit: Int, offset: Int) async throws -> [Dataset] {
        let limit = min(max(limit, 0), 1000), offset = min(max(offset, 0), CKANParameters.maxOffset)
        guard limit > 0 else { return [] }
        return try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .sort(\.$modifiedAt, .descending).sort(\.$name).offset(offset).limit(limit).all()
    }

    func departments() async throws -> [Department] {
        try await Department.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$code).all()
    }

    func department(_ idOrCode: String) async throws -> Department? {
        try await departments().first { $0.id?.uuidString.lowercased() == idOrCode.lowercased() || $0.code == idOrCode }
    }
}
