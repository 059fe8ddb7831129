import FluentKit
import Foundation
import MadoguchiCore

/// Creating and editing a 事務事業 through the staff form, and restoring an earlier version, as
/// `MeasureCommands` does for 施策: checked, versioned, audited, refused when based on an old version.
extension ProgrammeCommands {
    @discardableResult
    public func create(_ form: ProgrammeForm, municipalityID: UUID, today: CivilDate = .today(), by actor: Actor,
                       origin: RequestOrigin = .none, on db: any Database) async throws -> Programme {
        let definition = try form.check(registry: registry, base: nil, today: today)
        try await checkMeasure(definition, municipalityID: municipalityID, on: db)
        return try await write(definition, mode: .create, municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    @discardableResult
    public func update(code: String, _ form: ProgrammeForm, basedOn version: Int, municipalityID: UUID, today: CivilDate = .today(),
                       by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Programme {
        let current = try await ProgrammeDefinitions.find(code: code, municipalityID: municipalityID, on: db)
        var typed = form
        typed.values["code"] = current.code
        let definition = try typed.check(registry: registry, base: try ProgrammeDefinition(current), today: today)
        try await checkMeasure(definition, municipalityID: municipalityID, on: db)
        return try await write(definition, mode: .update(basedOn: version), municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    @discardableResult
    public func restore(code: String, version: Int, basedOn current: Int, municipalityID: UUID, today: CivilDate = .today(),
                        by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Programme {
        let programme = try await ProgrammeDefinitions.find(code: code, municipalityID: municipalityID, on: db)
        let row = try await DefinitionHistory.find(DefinitionHistory.programme, programme.requireID(), version: version, on: db)
        let earlier = try JSONDecoder().decode(ProgrammeDefinition.self, from: Data(row.snapshot.utf8))
        var definition = try ProgrammeForm(earlier).check(registry: registry, base: earlier, today: today)
        definition.code = programme.code
        try await checkMeasure(definition, municipalityID: municipalityID, on: db)
        return try await write(definition, mode: .restore(version: version, basedOn: current), municipalityID: municipalityID,
                               by: actor, origin: origin, on: db)
    }

    /// The 施策 a 事務事業 belongs to must be one of the municipality's.
    private func checkMeasure(_ definition: ProgrammeDefinition, municipalityID: UUID, on db: any Database) async throws {
        guard let code = definition.content.measureCode else { return }
        do {
            _ = try await MeasureDefinitions.find(code: code, municipalityID: municipalityID, on: db)
        } catch let error as IndicatorsError where error == .measureNotFound {
            throw IndicatorsError.invalid("measure", ja: "所属する施策を一覧から選んでください", en: "Choose the measure from the list")
        }
    }

    func write(_ definition: ProgrammeDefinition, mode: MeasureCommands.WriteMode, municipalityID: UUID, by actor: Actor,
               origin: RequestOrigin, on db: any Database) async throws -> Programme {
        do {
            return try await db.transaction { tx in
                let existing = try await Programme.query(on: tx).filter(\.$municipalityID == municipalityID)
                    .filter(\.$code == definition.code).first()
                let programme: Programme
                switch (mode, existing) {
                case (.create, _), (.upsert, nil):
                    if try await DefinitionHistory.codeIsTaken(definition.code, municipalityID: municipalityID, on: tx) { throw Self.codeTaken }
                    programme = Programme()
                case (_, nil):
                    throw IndicatorsError.programmeNotFound
                case (_, let found?):
                    programme = found
                }
                let before = try programme.id == nil ? nil : ProgrammeDefinition(programme)
                programme.municipalityID = municipalityID
                try definition.apply(to: programme)
                let now = Date()
                programme.updatedAt = now
                try await programme.save(on: tx)
                let changed = before.map { ProgrammeDefinitions.changedFields($0, definition) } ?? []
                try await DefinitionHistory.record(DefinitionHistory.programme, subjectID: programme.requireID(), code: definition.code, before: before,
                                                   after: definition, changed: changed, mode: mode, municipalityID: municipalityID,
                                                   by: actor, audit: audit, origin: origin, at: now, on: tx)
                return programme
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw mode == .create ? Self.codeTaken : IndicatorsError.staleVersion
        }
    }

    static let codeTaken = IndicatorsError.invalid("code", ja: "この計画事業番号は既に施策又は事務事業で使われています。別の番号にしてください",
                                                   en: "This number is already used by a measure or programme; choose another")
}
