import FluentKit
import Foundation
import MadoguchiCore

/// Reads of a 施策's definition for the edit and history screens.
public enum MeasureDefinitions {
    /// What the edit form opens with: the current definition as a form, the version it is based on,
    /// and the 事務事業 that belong to the 施策.
    public struct Editing: Sendable {
        public let form: MeasureForm
        public let version: Int
        public let name: String
        public let programmes: [(code: String, name: String)]
    }

    /// One version with the whole form it held.
    public struct Version: Sendable {
        public let summary: DefinitionVersionSummary
        public let form: MeasureForm
    }

    static func find(code: String, municipalityID: UUID, on db: any Database) async throws -> Measure {
        guard code.count <= DefinitionFields.maxCode, let measure = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$code == code).first() else { throw IndicatorsError.measureNotFound }
        return measure
    }

    public static func editing(code: String, municipalityID: UUID, on db: any Database) async throws -> Editing {
        let measure = try await find(code: code, municipalityID: municipalityID, on: db)
        let version = try await DefinitionHistory.latest(DefinitionHistory.measure, measure.requireID(), on: db)
        let programmes = try await ProgrammeDefinitions.belonging(to: measure.code, municipalityID: municipalityID, on: db)
        return Editing(form: MeasureForm(try MeasureDefinition(measure)), version: version, name: measure.name, programmes: programmes)
    }

    /// Every version, newest first, each with the fields it changed from the one before.
    public static func history(code: String, municipalityID: UUID, on db: any Database) async throws -> (name: String, versions: [Version]) {
        let measure = try await find(code: code, municipalityID: municipalityID, on: db)
        let rows = try await DefinitionHistory.all(DefinitionHistory.measure, measure.requireID(), on: db)
        let forms = try rows.map { MeasureForm(try JSONDecoder().decode(MeasureDefinition.self, from: Data($0.snapshot.utf8))) }
        let versions = rows.indices.map { i in
            let changed = i + 1 < rows.count ? DefinitionFields.changedFields(forms[i + 1].values, forms[i].values, order: MeasureForm.fields.map(\.name)) : []
            return Version(summary: DefinitionVersionSummary(version: rows[i].version, changedBy: rows[i].changedBy, changedAt: rows[i].changedAt,
                                                             restores: rows[i].restores, changedFields: changed), form: forms[i])
        }
        return (measure.name, versions)
    }

    static func changedFields(_ before: MeasureDefinition, _ after: MeasureDefinition) -> [String] {
        var changed = DefinitionFields.changedFields(MeasureForm(before).values, MeasureForm(after).values, order: MeasureForm.fields.map(\.name))
        if before.content.indicatorNotes != after.content.indicatorNotes { changed.append("indicator_notes") }
        return changed
    }
}
