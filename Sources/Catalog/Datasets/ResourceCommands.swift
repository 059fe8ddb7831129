import FluentKit
import Foundation
import MadoguchiCore

/// Adding files and links to a dataset. Each upload of a resource's file keeps the previous
/// versions (content-addressed blobs) and records the change in the audit log.
extension DatasetCommands {
    /// Uploads a file as a new resource (version 1).
    public func addFile(to datasetID: UUID, municipalityID: UUID, fileName: String, data: Data, name: String? = nil,
                        description: String = "", by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Resource {
        let dataset = try await find(datasetID, municipalityID: municipalityID, on: db)
        let safeName = SafeFileName.sanitize(fileName)
        let blob = try await blobs.put(data)
        let position = try await Resource.query(on: db).filter(\.$dataset.$id == datasetID).count()
        let resource = Resource()
        resource.id = UUID()
        resource.municipalityID = municipalityID
        resource.$dataset.id = datasetID
        resource.name = name ?? safeName
        resource.description = description
        resource.format = ResourceFormat.guess(fileName: safeName)
        resource.mimeType = ResourceFormat.mimeType(for: resource.format)
        resource.isUpload = true
        resource.position = position
        resource.deleted = false
        resource.createdAt = now()
        resource.modifiedAt = now()
        resource.currentVersion = 0
        try await db.transaction { tx in
            try await resource.create(on: tx)
            try await storeVersion(resource, blob: blob, fileName: safeName, actor: actor, on: tx)
            touch(dataset)
            try await dataset.save(on: tx)
            try await DatasetIndexer.reindex(dataset, on: tx)
            try await record("catalog.resource.create", dataset, actor, origin,
                             details: ["resource_id": resource.id!.uuidString, "sha256": blob.sha256], on: tx)
        }
        return resource
    }

    /// Replaces a resource's file with a new version; earlier versions stay retrievable.
    public func replaceFile(of resourceID: UUID, municipalityID: UUID, fileName: String, data: Data, by actor: Actor,
                            origin: RequestOrigin = .none, on db: any Database) async throws -> Resource {
        guard let resource = try await Resource.query(on: db).filter(\.$id == resourceID).filter(\.$municipalityID == municipalityID)
            .filter(\.$deleted == false).first() else { throw CatalogError.resourceNotFound }
        let dataset = try await find(resource.$dataset.id, municipalityID: municipalityID, on: db)
        let safeName = SafeFileName.sanitize(fileName)
        let blob = try await blobs.put(data)
        try await db.transaction { tx in
            try await storeVersion(resource, blob: blob, fileName: safeName, actor: actor, on: tx)
            touch(dataset)
            try await dataset.save(on: tx)
            try await record("catalog.resource.new_version", dataset, actor, origin,
                             details: ["resource_id": resourceID.uuidString, "version": String(resource.currentVersion), "sha256": blob.sha256], on: tx)
        }
        return resource
    }

    /// Validates a resource's current CSV against a standard dataset's schema and records the
    /// verdict (the conformity mark); audited with the error count. Nothing in the file changes.
    public func validate(_ resourceID: UUID, municipalityID: UUID, against schema: TableSchema, validator: CSVValidator = CSVValidator(),
                         by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> ValidationReport {
        guard let resource = try await Resource.query(on: db).filter(\.$id == resourceID).filter(\.$municipalityID == municipalityID)
            .filter(\.$deleted == false).first(), let hash = resource.sha256 else { throw CatalogError.resourceNotFound }
        let dataset = try await find(resource.$dataset.id, municipalityID: municipalityID, on: db)
        // Streamed from the store a chunk at a time: memory stays flat whatever the file's size.
        guard let stored = try await blobs.reference(hash) else { throw BlobStoreError.notFound }
        let report = try await validator.validate(byteCount: Int(stored.size), against: schema) { consume in
            try await blobs.read(hash, consume: consume)
        }
        try await db.transaction { tx in
            resource.conformsTo = schema.name
            resource.conformity = report.verdict.rawValue
            try await resource.save(on: tx)
            try await record("catalog.resource.validate", dataset, actor, origin,
                             details: ["resource_id": resourceID.uuidString, "schema": schema.name, "verdict": report.verdict.rawValue,
                                       "errors": String(report.errorCount)], on: tx)
        }
        return report
    }

    /// Adds a link to data held elsewhere.
    public func addLink(to datasetID: UUID, municipalityID: UUID, url: String, name: String, format: String, description: String = "",
                        by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Resource {
        guard CellRules.isURL(url) else {
            throw CatalogError.invalid([FieldProblem(field: "url", message: LocalizedText(ja: "URL は http:// または https:// で始めてください", en: "Not an http(s) URL"))])
        }
        let dataset = try await find(datasetID, municipalityID: municipalityID, on: db)
        let resource = Resource()
        resource.id = UUID()
        resource.municipalityID = municipalityID
        resource.$dataset.id = datasetID
        resource.name = name
        resource.description = description
        resource.format = format.uppercased()
        resource.mimeType = ResourceFormat.mimeType(for: resource.format)
        resource.url = url
        resource.isUpload = false
        resource.position = try await Resource.query(on: db).filter(\.$dataset.$id == datasetID).count()
        resource.deleted = false
        resource.createdAt = now()
        resource.modifiedAt = now()
        resource.currentVersion = 0
        try await db.transaction { tx in
            try await resource.create(on: tx)
            touch(dataset)
            try await dataset.save(on: tx)
            try await DatasetIndexer.reindex(dataset, on: tx)
            try await record("catalog.resource.create", dataset, actor, origin, details: ["resource_id": resource.id!.uuidString], on: tx)
        }
        return resource
    }

    /// The stored versions of a resource, newest first.
    public func versions(of resourceID: UUID, municipalityID: UUID, on db: any Database) async throws -> [ResourceVersion] {
        try await ResourceVersion.query(on: db).filter(\.$resourceID == resourceID).filter(\.$municipalityID == municipalityID)
            .sort(\.$version, .descending).all()
    }

    private func storeVersion(_ resource: Resource, blob: BlobReference, fileName: String, actor: Actor, on tx: any Database) async throws {
        resource.currentVersion += 1
        resource.sha256 = blob.sha256
        resource.size = blob.size
        resource.fileName = fileName
        resource.modifiedAt = now()
        resource.conformsTo = nil
        resource.conformity = nil
        try await resource.save(on: tx)
        let version = ResourceVersion()
        version.municipalityID = resource.municipalityID
        version.resourceID = try resource.requireID()
        version.version = resource.currentVersion
        version.sha256 = blob.sha256
        version.size = blob.size
        version.fileName = fileName
        version.createdAt = now()
        version.createdBy = actor.reference
        try await version.create(on: tx)
    }
}
