import FluentKit
import Foundation
import MadoguchiCore

/// The procedure inventory of one municipality: the shipped rules with the municipality's edits
/// applied. Edits are validated against the whole rule set before they are saved, and audited.
public struct ProcedureInventory: Sendable {
    public let audit: any AuditTrail
    /// The largest procedure definition accepted (the biggest shipped one is about 4 KB).
    public static let maxDefinitionBytes = 64 * 1024

    /// The rules folder the city runs with (nil: the shipped rules).
    public let rulesDirectory: URL?

    public init(audit: any AuditTrail, rulesDirectory: URL? = nil) {
        self.audit = audit
        self.rulesDirectory = rulesDirectory
    }

    private func load(_ edits: [String: String]) throws(RuleLoadError) -> LifeEventCatalog {
        if let rulesDirectory { return try LifeEventCatalog.load(from: rulesDirectory, procedureOverrides: edits) }
        return try LifeEventCatalog.load(procedureOverrides: edits)
    }

    /// The municipality's edits, by procedure id.
    public func overrides(municipalityID: UUID, on database: any Database) async throws -> [String: ProcedureOverride] {
        let rows = try await ProcedureOverride.query(on: database).filter(\.$municipalityID == municipalityID).all()
        return Dictionary(rows.map { ($0.procedureID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A cheap fingerprint of the edits, so several instances notice each other's changes.
    public func version(municipalityID: UUID, on database: any Database) async throws -> String {
        let rows = try await ProcedureOverride.query(on: database).filter(\.$municipalityID == municipalityID)
            .field(\.$procedureID).field(\.$updatedAt).all()
        let stamps = rows.map { "\($0.procedureID)@\($0.updatedAt?.timeIntervalSince1970 ?? 0)" }.sorted()
        return stamps.joined(separator: ",")
    }

    /// The catalogue with the municipality's edits applied.
    public func catalog(municipalityID: UUID, on database: any Database) async throws -> LifeEventCatalog {
        let edits = try await overrides(municipalityID: municipalityID, on: database).mapValues(\.definition)
        return try load(edits)
    }

    /// Saves an edit after validating the whole rule set with it; throws the problems (file
    /// `overrides/<id>.json`, lines as typed) and saves nothing when it does not load.
    public func save(procedureID: String, definition: String, municipalityID: UUID, by actor: Actor, origin: RequestOrigin,
                     on database: any Database) async throws {
        guard definition.utf8.count <= Self.maxDefinitionBytes else {
            throw CounterError(.tooLarge, ja: "「定義」が大きすぎます（上限 \(Self.maxDefinitionBytes / 1024) KB）。",
                               en: "The definition is too large (limit \(Self.maxDefinitionBytes / 1024) KB).", field: "definition")
        }
        var edits = try await overrides(municipalityID: municipalityID, on: database).mapValues(\.definition)
        guard try load([:]).procedure(procedureID) != nil || edits[procedureID] != nil else {
            throw CounterError(.notFound, ja: "その手続はありません。", en: "No such procedure.")
        }
        edits[procedureID] = definition
        do {
            _ = try load(edits)
        } catch {
            let mine = error.problems.filter { $0.file == LifeEventCatalog.overrideFileName(procedureID) }
            let shown = mine.isEmpty ? error.problems : mine
            throw CounterError(problems: shown.prefix(10).map { problem in
                FieldProblem(field: "definition", message: LocalizedText(
                    ja: "「定義」\(problem.line)行目：\(problem.message)", en: "definition line \(problem.line): \(problem.message)"))
            })
        }
        try await database.transaction { db in
            let row = try await ProcedureOverride.query(on: db).filter(\.$municipalityID == municipalityID)
                .filter(\.$procedureID == procedureID).first() ?? ProcedureOverride()
            row.municipalityID = municipalityID
            row.procedureID = procedureID
            row.definition = definition
            if case .staff(let id) = actor { row.updatedBy = id }
            row.updatedAt = Date()
            try await row.save(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.procedure.update",
                                              targetType: "procedure", targetID: procedureID, origin: origin), on: db)
        }
    }

    /// Goes back to the shipped definition; audited.
    public func revert(procedureID: String, municipalityID: UUID, by actor: Actor, origin: RequestOrigin, on database: any Database) async throws {
        try await database.transaction { db in
            try await ProcedureOverride.query(on: db).filter(\.$municipalityID == municipalityID)
                .filter(\.$procedureID == procedureID).delete()
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.procedure.revert",
                                              targetType: "procedure", targetID: procedureID, origin: origin), on: db)
        }
    }
}
