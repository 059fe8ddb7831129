import FluentKit
import Foundation
import MadoguchiCore

/// Creating and editing a 施策 through the staff form, and restoring an earlier version: each
/// change checked field by field (nothing written on a refusal), written with its new version and
/// its audit entry in one transaction, and refused when based on a version that is no longer current.
extension MeasureCommands {
    enum WriteMode: Equatable {
        /// Create or replace by code (the demo, imports): no version check.
        case upsert
        case create
        case update(basedOn: Int)
        case restore(version: Int, basedOn: Int)
    }

    /// Creates a 施策 from the form; a code already used by a 施策 or 事務事業 is refused.
    @discardableResult
    public func create(_ form: MeasureForm, municipalityID: UUID, today: CivilDate = .today(), by actor: Actor,
                       origin: RequestOrigin = .none, on db: any Database) async throws -> Measure {
        let definition = try form.check(registry: registry, base: nil, today: today)
        return try await write(definition, mode: .create, municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    /// Replaces a 施策's definition with the form (its code does not change), if `version` is still the current one.
    @discardableResult
    public func update(code: String, _ form: MeasureForm, basedOn version: Int, municipalityID: UUID, today: CivilDate = .today(),
                       by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Measure {
        let current = try await MeasureDefinitions.find(code: code, municipalityID: municipalityID, on: db)
        var typed = form
        typed.values["code"] = current.code
        let definition = try typed.check(registry: registry, base: try MeasureDefinition(current), today: today)
        return try await write(definition, mode: .update(basedOn: version), municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    /// Writes an earlier version again as the newest one (checked again: an indicator no longer declared is refused).
    @discardableResult
    public func restore(code: String, version: Int, basedOn current: Int, municipalityID: UUID, today: CivilDate = .today(),
                        by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Measure {
        let measure = try await MeasureDefinitions.find(code: code, municipalityID: municipalityID, on: db)
        let row = try await DefinitionHistory.find(DefinitionHistory.measure, measure.requireID(), version: version, on: db)
        let earlier = try JSONDecoder().decode(MeasureDefinition.self, from: Data(row.snapshot.utf8))
        var definition = try MeasureForm(earlier).check(registry: registry, base: earlier, today: today)
        definition.code = measure.code
        return try await write(definition, mode: .restore(version: version, basedOn: current), municipalityID: municipalityID,
                               by: actor, origin: origin, on: db)
    }

    func write(_ definition: MeasureDefinition, mode: WriteMode, municipalityID: UUID, by actor: Actor, origin: RequestOrigin,
               on db: any Database) async throws -> Measure {
        do {
            return try await db.transaction { tx in
                let existing = try await Measure.query(on: tx).filter(\.$municipalityID == municipalityID).filter(\.$code == definition.code).first()
                let measure: Measure
                switch (mode, existing) {
                case (.create, _):
                    if try await DefinitionHistory.codeIsTaken(definition.code, municipalityID: municipalityID, on: tx) { throw Self.codeTaken }
                    measure = Measure()
                case (.upsert, nil):
                    if try await DefinitionHistory.codeIsTaken(definition.code, municipalityID: municipalityID, on: tx) { throw Self.codeTaken }
                    measure = Measure()
                case (_, nil):
                    throw IndicatorsError.measureNotFound
                case (_, let found?):
                    measure = found
                }
                let before = try measure.id == nil ? nil : MeasureDefinition(measure)
                measure.municipalityID = municipalityID
                try definition.apply(to: measure)
                let now = Date()
                measure.updatedAt = now
                try await measure.save(on: tx)
                let changed = before.map { MeasureDefinitions.changedFields($0, definition) } ?? []
                try await DefinitionHistory.record(DefinitionHistory.measure, subjectID: measure.requireID(), code: definition.code, before: before,
                                                   after: definition, changed: changed, mode: mode, municipalityID: municipalityID,
                                                   by: actor, audit: audit, origin: origin, at: now, on: tx)
                return measure
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw mode == .create ? Self.codeTaken : IndicatorsError.staleVersion
        }
    }

    static let codeTaken = IndicatorsError.invalid("code", ja: "この施策コードは既に施策又は事務事業で使われています。別のコードにしてください",
                                                   en: "This code is already used by a measure or programme; choose another")
}
