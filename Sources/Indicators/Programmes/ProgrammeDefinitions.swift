import FluentKit
import Foundation
import MadoguchiCore

/// Reads of a 事務事業's definition for the edit and history screens.
public enum ProgrammeDefinitions {
    public struct Editing: Sendable {
        public let form: ProgrammeForm
        public let version: Int
        public let name: String
    }

    public struct Version: Sendable {
        public let summary: DefinitionVersionSummary
        public let form: ProgrammeForm
    }

    static func find(code: String, municipalityID: UUID, on db: any Database) async throws -> Programme {
        guard code.count <= DefinitionFields.maxCode, let programme = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$code == code).first() else { throw IndicatorsError.programmeNotFound }
        return programme
    }

    public static func editing(code: String, municipalityID: UUID, on db: any Database) async throws -> Editing {
        let programme = try await find(code: code, municipalityID: municipalityID, on: db)
        let version = try await DefinitionHistory.latest(DefinitionHistory.programme, programme.requireID(), on: db)
        return Editing(form: ProgrammeForm(try ProgrammeDefinition(programme)), version: version, name: programme.name)
    }

    /// The 事務事業 that belong to a 施策, by number.
    public static func belonging(to measureCode: String, municipalityID: UUID, on db: any Database) async throws -> [(code: String, name: String)] {
        try await Programme.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$code).all()
            .filter { (try? $0.content.measureCode) == measureCode }.map { ($0.code, $0.name) }
    }

    public static func history(code: String, municipalityID: UUID, on db: any Database) async throws -> (name: String, versions: [Version]) {
        let programme = try await find(code: code, municipalityID: municipalityID, on: db)
        let rows = try await DefinitionHistory.all(DefinitionHistory.programme, programme.requireID(), on: db)
        let forms = try rows.map { ProgrammeForm(try JSONDecoder().decode(ProgrammeDefinition.self, from: Data($0.snapshot.utf8))) }
        let versions = rows.indices.map { i in
            let changed = i + 1 < rows.count ? DefinitionFields.changedFields(forms[i + 1].values, forms[i].values, order: ProgrammeForm.fields.map(\.name)) : []
            return Version(summary: DefinitionVersionSummary(version: rows[i].version, changedBy: rows[i].changedBy, changedAt: rows[i].changedAt,
                                                             restores: rows[i].restores, changedFields: changed), form: forms[i])
        }
        return (programme.name, versions)
    }

    static func changedFields(_ before: ProgrammeDefinition, _ after: ProgrammeDefinition) -> [String] {
        var changed = DefinitionFields.changedFields(ProgrammeForm(before).values, ProgrammeForm(after).values, order: ProgrammeForm.fields.map(\.name))
        if before.content.basics != after.content.basics && !changed.contains("legal_basis") && !changed.contains("start_year") { changed.append("basics") }
        if before.content.plans != after.content.plans { changed.append("plans") }
        if before.content.targetNotSettable != after.content.targetNotSettable { changed.append("target_not_settable") }
        return changed
    }
}
