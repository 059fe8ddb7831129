import FluentKit
import Foundation
import MadoguchiCore

/// Every change to a dataset: validate, open a transaction, write, reindex, audit, commit.
/// Permission checks happen before, in the caller, with `AccessPolicy` and the grants in `CatalogModule.manifest`.
public struct DatasetCommands: Sendable {
    let audit: any AuditTrail
    let publishGuard: any PublishGuard
    let blobs: any BlobStore
    let now: @Sendable () -> Date

    public init(audit: any AuditTrail, publishGuard: any PublishGuard = NoPublishGuard(), blobs: any BlobStore,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.audit = audit
        self.publishGuard = publishGuard
        self.blobs = blobs
        self.now = now
    }

    /// Creates a draft. Problems come back as one `CatalogError` listing every field.
    public func create(municipalityID: UUID, _ input: DatasetInput, by actor: Actor, origin: RequestOrigin = .none,
                       on db: any Database) async throws -> Dataset {
        try await check(input, municipalityID: municipalityID, excluding: nil, on: db)
        let dataset = Dataset()
        dataset.id = UUID()
        dataset.municipalityID = municipalityID
        dataset.state = .draft
        dataset.createdAt = now()
        apply(input, to: dataset)
        try await db.transaction { tx in
            try await dataset.create(on: tx)
            try await record("catalog.dataset.create", dataset, actor, origin, on: tx)
        }
        return dataset
    }

    /// Replaces the metadata (CKAN package_update).
    public func update(_ id: UUID, municipalityID: UUID, _ input: DatasetInput, by actor: Actor, origin: RequestOrigin = .none,
                       on db: any Database) async throws -> Dataset {
        let dataset = try await find(id, municipalityID: municipalityID, on: db)
        try await check(input, municipalityID: municipalityID, excluding: id, on: db)
        apply(input, to: dataset)
        try await db.transaction { tx in
            try await dataset.save(on: tx)
            try await DatasetIndexer.reindex(dataset, on: tx)
            try await record("catalog.dataset.update", dataset, actor, origin, on: tx)
        }
        return dataset
    }

    /// Changes some fields (CKAN package_patch): the closure edits the current values.
    public func patch(_ id: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none, on db: any Database,
                      _ change: (inout DatasetInput) -> Void) async throws -> Dataset {
        let dataset = try await find(id, municipalityID: municipalityID, on: db)
        var input = DatasetInput(dataset)
        change(&input)
        return try await update(id, municipalityID: municipalityID, input, by: actor, origin: origin, on: db)
    }

    /// Marks the dataset deleted (CKAN state "deleted"); it leaves search and the public catalogue.
    public func delete(_ id: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws {
        let dataset = try await find(id, municipalityID: municipalityID, on: db)
        dataset.state = .deleted
        touch(dataset)
        try await db.transaction { tx in
            try await dataset.save(on: tx)
            try await SearchIndex.remove(datasetID: id, on: tx)
            try await record("catalog.dataset.delete", dataset, actor, origin, on: tx)
        }
    }

    /// Publishes a draft after the publish guard; findings block unless overridden with a written reason.
    public func publish(_ id: UUID, municipalityID: UUID, override: PublishOverride? = nil, by actor: Actor,
                        origin: RequestOrigin = .none, on db: any Database) async throws -> Dataset {
        let dataset = try await find(id, municipalityID: municipalityID, on: db)
        let resources = try await Resource.query(on: db).filter(\.$dataset.$id == id).filter(\.$deleted == false).all()
        let blobs = self.blobs
        let candidate = PublishCandidate(
            datasetID: id, municipalityID: municipalityID,
            metadata: ["title": dataset.title, "notes": dataset.notes, "tags": dataset.tagsText],
            files: resources.compactMap { resource in
                guard let hash = resource.sha256, let rid = resource.id else { return nil }
                return PublishCandidate.File(resourceID: rid, name: resource.name, format: resource.format, load: { try await blobs.get(hash) })
            })
        let findings = try await publishGuard.inspect(candidate)
        var details = ["findings": String(findings.count)]
        if !findings.isEmpty {
            guard let override, !override.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CatalogError.blockedByPublishGuard(findings)
            }
            details["override_reason"] = override.reason
        }
        let auditDetails = details
        dataset.state = .published
        dataset.publishedAt = now()
        touch(dataset)
        try await db.transaction { tx in
            try await dataset.save(on: tx)
            try await DatasetIndexer.reindex(dataset, on: tx)
            try await record("catalog.dataset.publish", dataset, actor, origin, details: auditDetails, on: tx)
        }
        return dataset
    }

    public func find(_ id: UUID, municipalityID: UUID, on db: any Database) async throws -> Dataset {
        guard let dataset = try await Dataset.query(on: db).filter(\.$id == id).filter(\.$municipalityID == municipalityID)
            .filter(\.$state != .deleted).first() else { throw CatalogError.notFound }
        return dataset
    }

    func check(_ input: DatasetInput, municipalityID: UUID, excluding id: UUID?, on db: any Database) async throws {
        var problems = input.problems()
        let department = try await Department.query(on: db).filter(\.$id == input.departmentID)
            .filter(\.$municipality.$id == municipalityID).first()
        if department == nil {
            problems.append(FieldProblem(field: "owner_org", message: LocalizedText(ja: "所管課が見つかりません", en: "Organization not found")))
        }
        var clash = Dataset.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$name == input.name)
        if let id { clash = clash.filter(\.$id != id) }
        if try await clash.count() > 0 {
            problems.append(FieldProblem(field: "name", message: LocalizedText(ja: "そのURL名は既に使われています", en: "That URL is already in use")))
        }
        if !problems.isEmpty { throw CatalogError.invalid(problems) }
    }

    func apply(_ input: DatasetInput, to dataset: Dataset) {
        func blankToNil(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        dataset.departmentID = input.departmentID
        dataset.name = input.name
        dataset.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        dataset.notes = input.notes
        dataset.tagsText = input.tags.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ";")
        dataset.categoriesText = input.categories.joined(separator: ";")
        dataset.licenseID = input.licenseID
        dataset.landingPage = blankToNil(input.landingPage)
        dataset.version = blankToNil(input.version)
        dataset.updateFrequency = blankToNil(input.updateFrequency)
        dataset.spatial = blankToNil(input.spatial)
        dataset.temporalStart = blankToNil(input.temporalStart)
        dataset.temporalEnd = blankToNil(input.temporalEnd)
        dataset.contactName = blankToNil(input.contactName)
        dataset.contactEmail = blankToNil(input.contactEmail)
        dataset.contactPhone = blankToNil(input.contactPhone)
        dataset.standardDataset = blankToNil(input.standardDataset)
        touch(dataset)
    }

    func touch(_ dataset: Dataset) {
        dataset.modifiedAt = now()
        dataset.modifiedDay = Int((dataset.modifiedAt.timeIntervalSince1970 + 9 * 3600) / 86_400)
    }

    func record(_ action: String, _ dataset: Dataset, _ actor: Actor, _ origin: RequestOrigin, details: [String: String] = [:],
                on db: any Database) async throws {
        try await audit.record(AuditEvent(municipalityID: dataset.municipalityID, actor: actor, action: action, targetType: "dataset",
                                          targetID: dataset.id?.uuidString, details: details.merging(["name": dataset.name]) { a, _ in a },
                                          origin: origin), on: db)
    }
}

extension DatasetInput {
    /// The current values of a stored dataset, the starting point of a patch.
    public init(_ d: Dataset) {
        self.init(name: d.name, title: d.title, notes: d.notes, departmentID: d.departmentID, tags: d.tags, categories: d.categories,
                  licenseID: d.licenseID, landingPage: d.landingPage, version: d.version, updateFrequency: d.updateFrequency,
                  spatial: d.spatial, temporalStart: d.temporalStart, temporalEnd: d.temporalEnd, contactName: d.contactName,
                  contactEmail: d.contactEmail, contactPhone: d.contactPhone, standardDataset: d.standardDataset)
    }
}
