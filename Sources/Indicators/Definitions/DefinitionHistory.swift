import FluentKit
import Foundation
import MadoguchiCore

/// The versions of a definition, appended in the transaction of the change they record.
enum DefinitionHistory {
    static let measure = "measure"
    static let programme = "programme"

    /// The current version number; 0 for a definition without history (written before histories were kept).
    static func latest(_ type: String, _ subjectID: UUID, on db: any Database) async throws -> Int {
        try await DefinitionVersion.query(on: db).filter(\.$subjectType == type).filter(\.$subjectID == subjectID)
            .sort(\.$version, .descending).first()?.version ?? 0
    }

    /// Appends `after` as the next version. With `basedOn`, refuses when the current version is another
    /// (an edit of an older version). A definition without history first gets its state before the
    /// change (`before`) as version 1, so that it can be restored. Returns the previous and new numbers.
    static func append(_ type: String, subjectID: UUID, municipalityID: UUID, before: String?, after: String, basedOn: Int?,
                       restores: Int?, by staffID: UUID?, at now: Date, on tx: any Database) async throws -> (previous: Int, version: Int) {
        var latest = try await Self.latest(type, subjectID, on: tx)
        if let basedOn, basedOn != latest { throw IndicatorsError.staleVersion }
        if latest == 0, let before {
            try await row(type, subjectID, municipalityID, 1, before, nil, now, nil).create(on: tx)
            latest = 1
        }
        try await row(type, subjectID, municipalityID, latest + 1, after, staffID, now, restores).create(on: tx)
        return (latest, latest + 1)
    }

    /// Records a definition just written in `tx`: its new version as `mode` says (refused when based on
    /// an older one; a restore names the version it restores) and its audit entry
    /// (`indicators.<type>.create`, `.update` or `.restore`, with the version numbers and `changed` fields).
    static func record(_ type: String, subjectID: UUID, code: String, before: (some Encodable)?, after: some Encodable, changed: [String],
                       mode: MeasureCommands.WriteMode, municipalityID: UUID, by actor: Actor, audit: any AuditTrail,
                       origin: RequestOrigin, at now: Date, on tx: any Database) async throws {
        let staffID: UUID? = if case .staff(let id) = actor { id } else { nil }
        let basedOn: Int?
        var restores: Int?
        switch mode {
        case .upsert: basedOn = nil
        case .create: basedOn = 0
        case .update(let version): basedOn = version
        case .restore(let version, let current): basedOn = current; restores = version
        }
        let numbers = try await append(type, subjectID: subjectID, municipalityID: municipalityID, before: try before.map(json),
                                       after: try json(after), basedOn: basedOn, restores: restores, by: staffID, at: now, on: tx)
        var details = ["version": String(numbers.version)]
        if numbers.previous > 0 { details["previous_version"] = String(numbers.previous) }
        if !changed.isEmpty { details["fields"] = changed.joined(separator: ",") }
        if let restores { details["restores"] = String(restores) }
        let action = restores != nil ? "indicators.\(type).restore" : before == nil ? "indicators.\(type).create" : "indicators.\(type).update"
        try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: action, targetType: type,
                                          targetID: code, details: details, origin: origin), on: tx)
    }

    private static func row(_ type: String, _ subjectID: UUID, _ municipalityID: UUID, _ version: Int, _ snapshot: String,
                            _ by: UUID?, _ at: Date, _ restores: Int?) -> DefinitionVersion {
        let row = DefinitionVersion()
        row.municipalityID = municipalityID
        row.subjectType = type
        row.subjectID = subjectID
        row.version = version
        row.snapshot = snapshot
        row.changedBy = by
        row.changedAt = at
        row.restores = restores
        return row
    }

    static func all(_ type: String, _ subjectID: UUID, on db: any Database) async throws -> [DefinitionVersion] {
        try await DefinitionVersion.query(on: db).filter(\.$subjectType == type).filter(\.$subjectID == subjectID)
            .sort(\.$version, .descending).limit(500).all()
    }

    static func find(_ type: String, _ subjectID: UUID, version: Int, on db: any Database) async throws -> DefinitionVersion {
        guard let row = try await DefinitionVersion.query(on: db).filter(\.$subjectType == type).filter(\.$subjectID == subjectID)
            .filter(\.$version == version).first() else { throw IndicatorsError.versionNotFound }
        return row
    }

    /// Whether `code` already names a 施策 or 事務事業 of the municipality (both share the scope of per-measure values).
    static func codeIsTaken(_ code: String, municipalityID: UUID, on db: any Database) async throws -> Bool {
        let measures = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == code).count()
        let programmes = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == code).count()
        return measures + programmes > 0
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
