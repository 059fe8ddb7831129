import FluentKit
import Foundation
import MadoguchiCore

/// Entering and reverting values: validate, open a transaction, write the value and its change,
/// append the audit entry, commit. A refused input changes nothing.
public struct IndicatorValueEntry: Sendable {
    public let registry: IndicatorRegistry
    public let audit: any AuditTrail

    public init(registry: IndicatorRegistry, audit: any AuditTrail) {
        self.registry = registry
        self.audit = audit
    }

    /// A checked input: the declaration, the year and series, and the number (nil: remove).
    public struct Checked: Sendable {
        public let declaration: IndicatorDeclaration
        public let scope: String
        public let fiscalYear: Int
        public let series: IndicatorSeries
        public let value: Double?
    }

    /// Checks every field in order (indicator, scope, fiscal year, series, value) and throws the
    /// first problem, naming its field.
    public func check(_ input: IndicatorValueInput, municipalityID: UUID, today: CivilDate, on db: any Database) async throws -> Checked {
        guard input.indicator.count <= IndicatorValueInput.maxLength, let declaration = registry.declaration(input.indicator) else {
            throw IndicatorsError.invalid("indicator", ja: "指標を一覧から選んでください", en: "Choose an indicator from the list")
        }
        let scope = input.scope.trimmingCharacters(in: .whitespaces)
        if declaration.perMeasure {
            var known = false
            if !scope.isEmpty, scope.count <= IndicatorValueInput.maxLength {
                let measures = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == scope).count()
                let programmes = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == scope).count()
                known = measures + programmes > 0
            }
            guard known else {
                throw IndicatorsError.invalid("scope", ja: "この指標は施策・事務事業ごとの値です。施策又は事務事業を選んでください",
                                              en: "This indicator is kept per measure or programme: choose one")
            }
        } else if !scope.isEmpty {
            throw IndicatorsError.invalid("scope", ja: "この指標は施策ごとには入力できません", en: "This indicator is not kept per measure")
        }
        let current = FiscalYear(containing: today)
        let year = try IndicatorValueInput.fiscalYear(input.fiscalYear, current: current)
        guard let series = IndicatorSeries(rawValue: input.series) else {
            throw IndicatorsError.invalid("series", ja: "数値区分（成り行き値・目標値・実績値・見込み値）を選んでください",
                                          en: "Choose baseline, target, actual or forecast")
        }
        if series == .actual, year > current.startYear {
            throw IndicatorsError.invalid("fiscal_year", ja: "まだ始まっていない年度の実績値は入力できません",
                                          en: "An actual value cannot be entered for a fiscal year that has not started")
        }
        let value = try IndicatorValueInput.value(input.value, unit: declaration.unit)
        return Checked(declaration: declaration, scope: scope, fiscalYear: year, series: series, value: value)
    }

    /// Sets (or, with an empty value, removes) one value; returns the change recorded.
    @discardableResult
    public func set(_ input: IndicatorValueInput, municipalityID: UUID, today: CivilDate = .today(), by actor: Actor,
                    origin: RequestOrigin = .none, on db: any Database) async throws -> IndicatorValueChange {
        let checked = try await check(input, municipalityID: municipalityID, today: today, on: db)
        return try await write(municipalityID: municipalityID, indicatorID: checked.declaration.id, scope: checked.scope,
                               fiscalYear: checked.fiscalYear, series: checked.series.rawValue, value: checked.value,
                               expected: nil, reverts: nil, by: actor, origin: origin, on: db)
    }

    /// Puts back the value a change replaced, if the value is still what that change left.
    @discardableResult
    public func revert(changeID: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                       on db: any Database) async throws -> IndicatorValueChange {
        guard let change = try await IndicatorValueChange.query(on: db).filter(\.$id == changeID)
            .filter(\.$municipalityID == municipalityID).first() else { throw IndicatorsError.changeNotFound }
        return try await write(municipalityID: municipalityID, indicatorID: change.indicatorID, scope: change.scope,
                               fiscalYear: change.fiscalYear, series: change.series, value: change.previousValue,
                               expected: .some(change.newValue), reverts: changeID, by: actor, origin: origin, on: db)
    }

    private func write(municipalityID: UUID, indicatorID: String, scope: String, fiscalYear: Int, series: String, value: Double?,
                       expected: Double??, reverts: UUID?, by actor: Actor, origin: RequestOrigin,
                       on db: any Database) async throws -> IndicatorValueChange {
        do {
            return try await db.transaction { tx in
                let existing = try await IndicatorValue.query(on: tx).filter(\.$municipalityID == municipalityID)
                    .filter(\.$indicatorID == indicatorID).filter(\.$scope == scope).filter(\.$fiscalYear == fiscalYear)
                    .filter(\.$series == series).first()
                let previous = existing?.value
                if let expected, previous != expected { throw IndicatorsError.changedSince }
                let now = Date()
                var staffID: UUID?
                if case .staff(let id) = actor { staffID = id }
                switch (existing, value) {
                case (let row?, let value?):
                    row.value = value
                    row.updatedBy = staffID
                    row.updatedAt = now
                    try await row.update(on: tx)
                case (let row?, nil):
                    try await row.delete(on: tx)
                case (nil, let value?):
                    let row = IndicatorValue()
                    row.municipalityID = municipalityID
                    row.indicatorID = indicatorID
                    row.scope = scope
                    row.fiscalYear = fiscalYear
                    row.series = series
                    row.value = value
                    row.updatedBy = staffID
                    row.updatedAt = now
                    try await row.create(on: tx)
                case (nil, nil):
                    break
                }
                let change = IndicatorValueChange()
                change.municipalityID = municipalityID
                change.indicatorID = indicatorID
                change.scope = scope
                change.fiscalYear = fiscalYear
                change.series = series
                change.previousValue = previous
                change.newValue = value
                change.changedBy = staffID
                change.changedAt = now
                change.reverts = reverts
                try await change.create(on: tx)
                var details = ["indicator": indicatorID, "fiscal_year": String(fiscalYear), "series": series,
                               "previous": previous.map(Self.text) ?? "", "value": value.map(Self.text) ?? ""]
                if !scope.isEmpty { details["scope"] = scope }
                if let reverts { details["reverts"] = reverts.uuidString.lowercased() }
                try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor,
                                                  action: reverts == nil ? "indicators.value.set" : "indicators.value.revert",
                                                  targetType: "indicator_value_change", targetID: change.id?.uuidString.lowercased(),
                                                  details: details, origin: origin), on: tx)
                return change
            }
        } catch let error as IndicatorsError {
            throw error
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw IndicatorsError.concurrentChange
        }
    }

    /// A value as typed back into the entry form: whole numbers without a decimal point.
    public static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
