import FluentKit
import Foundation
import MadoguchiCore

/// One municipality's catalogue read as CKAN objects: packages with their organisation, groups and
/// resources loaded in bulk. The CKAN API, the public dataset pages and DCAT all read through it, so
/// a dataset is described the same way everywhere. Organisations, groups and tags are in
/// `CKANReadModel+Organizations.swift`, package_search in `CKANReadModel+Search.swift`.
public struct CKANReadModel {
    public let db: any Database
    public let municipalityID: UUID
    public let mapping: CKANMapping

    /// `siteURL` is the CKAN base URL of the municipality's catalogue (`<public URL>/{code}`).
    public init(municipalityID: UUID, siteURL: String, on db: any Database) {
        self.db = db
        self.municipalityID = municipalityID
        self.mapping = CKANMapping(siteURL: siteURL)
    }

    /// The furthest offset a list may skip to (the same as package_search's `start`).
    public static let maxOffset = SearchLimits.maxStart
    /// The most packages one list returns.
    public static let maxLimit = 1000

    public func packages(_ datasets: [Dataset]) async throws -> [CKANPackage] {
        guard !datasets.isEmpty else { return [] }
        let ids = datasets.compactMap(\.id)
        let resources = Dictionary(grouping: try await Resource.query(on: db).filter(\.$dataset.$id ~~ ids).filter(\.$deleted == false).all(),
                                   by: { $0.$dataset.id })
        let departments = Dictionary(uniqueKeysWithValues: try await Department.query(on: db)
            .filter(\.$municipality.$id == municipalityID).all().compactMap { d in d.id.map { ($0, d) } })
        let categories = try await Category.query(on: db).filter(\.$municipalityID == municipalityID).all()
        return datasets.map { d in
            mapping.package(d, department: departments[d.departmentID], categories: categories, resources: d.id.flatMap { resources[$0] } ?? [])
        }
    }

    public func package(_ dataset: Dataset) async throws -> CKANPackage { try await packages([dataset])[0] }

    /// A dataset by id or name; drafts only when `includeDrafts`; never a deleted one.
    public func dataset(_ idOrName: String, includeDrafts: Bool) async throws -> Dataset? {
        var query = Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state != .deleted)
        if let id = UUID(uuidString: idOrName) { query = query.filter(\.$id == id) } else { query = query.filter(\.$name == idOrName) }
        guard let dataset = try await query.first() else { return nil }
        return dataset.state == .published || includeDrafts ? dataset : nil
    }

    /// A page of published datasets, newest first; `limit` and `offset` are clamped, so no value can
    /// overflow or invert a range.
    public func published(limit: Int, offset: Int) async throws -> [Dataset] {
        let limit = min(max(limit, 0), Self.maxLimit), offset = min(max(offset, 0), Self.maxOffset)
        guard limit > 0 else { return [] }
        return try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .sort(\.$modifiedAt, .descending).sort(\.$name).offset(offset).limit(limit).all()
    }

    /// package_list: the names of a page of published datasets.
    public func packageNames(limit: Int, offset: Int) async throws -> [String] {
        try await published(limit: limit, offset: offset).map(\.name)
    }

    /// current_package_list_with_resources: a page of published packages.
    public func publishedPackages(limit: Int, offset: Int) async throws -> [CKANPackage] {
        try await packages(try await published(limit: limit, offset: offset))
    }

    public func publishedCount() async throws -> Int {
        try await Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published).count()
    }

    /// When the published catalogue began (its oldest dataset's creation) and last changed (its
    /// latest modification); nil for an empty catalogue.
    public func publishedDates() async throws -> (issued: Date?, modified: Date?) {
        let published = Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
        let first = try await published.copy().sort(\.$createdAt).first()
        let latest = try await published.copy().sort(\.$modifiedAt, .descending).first()
        return (first?.createdAt, latest?.modifiedAt)
    }

    /// A live resource of this municipality with its dataset (a draft's too: the caller decides who may see it).
    public func resource(_ id: UUID) async throws -> (resource: Resource, dataset: Dataset)? {
        guard let resource = try await Resource.query(on: db).filter(\.$id == id).filter(\.$municipalityID == municipalityID)
                .filter(\.$deleted == false).first(),
              let dataset = try await dataset(resource.$dataset.id.uuidString, includeDrafts: true) else { return nil }
        return (resource, dataset)
    }

    /// An uploaded file of a published dataset, for its download link; nil for anything else
    /// (another municipality's, a deleted resource, a link, a draft's file).
    public func publishedFile(dataset datasetID: UUID, resource resourceID: UUID) async throws -> Resource? {
        guard let resource = try await Resource.query(on: db).filter(\.$id == resourceID).filter(\.$municipalityID == municipalityID)
                .filter(\.$dataset.$id == datasetID).filter(\.$deleted == false).first(), resource.sha256 != nil,
              let dataset = try await Dataset.find(datasetID, on: db), dataset.state == .published else { return nil }
        return resource
    }

    /// resource_show's dictionary of a resource (its openness depends on the dataset's licence).
    public func resourceDictionary(_ resource: Resource, of dataset: Dataset) -> CKANResource {
        mapping.resource(resource, openLicence: License.named(dataset.licenseID)?.isOpen ?? false)
    }
}
