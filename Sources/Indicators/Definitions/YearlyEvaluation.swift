import FluentKit
import Foundation
import MadoguchiCore

/// A 施策's or 事務事業's evaluation for one fiscal year (`MeasureEvaluation`, `ProgrammeEvaluation`):
/// one row per parent and year, its content as JSON, who wrote it last.
protocol YearlyEvaluation: Model where IDValue == UUID {
    /// The column naming the 施策 or 事務事業 evaluated.
    static var parentKey: FieldKey { get }
    var parentID: UUID { get set }
    var municipalityID: UUID { get set }
    var fiscalYear: Int { get set }
    var contentJSON: String { get set }
    var updatedBy: UUID? { get set }
    var updatedAt: Date { get set }
}

extension MeasureEvaluation: YearlyEvaluation {
    static var parentKey: FieldKey { "measure_id" }
    var parentID: UUID { get { measureID } set { measureID = newValue } }
}

extension ProgrammeEvaluation: YearlyEvaluation {
    static var parentKey: FieldKey { "programme_id" }
    var parentID: UUID { get { programmeID } set { programmeID = newValue } }
}

/// Writes (replaces) a year's evaluation and its audit entry in one transaction: what
/// `MeasureCommands.evaluate` and `ProgrammeCommands.evaluate` share once they have checked their content.
enum YearlyEvaluations {
    /// The fiscal years an evaluation may be written for.
    static let years = 1989...2100

    static func checkYear(_ fiscalYear: Int) throws {
        guard years.contains(fiscalYear) else {
            throw IndicatorsError.invalid("fiscal_year", ja: "年度は1989〜2100年度です", en: "The fiscal year must be 1989–2100")
        }
    }

    static func write<E: YearlyEvaluation>(_ type: E.Type, parentID: UUID, fiscalYear: Int, content: some Encodable,
                                           municipalityID: UUID, by actor: Actor, audit: any AuditTrail, action: String,
                                           target: (type: String, id: String), origin: RequestOrigin, on db: any Database) async throws -> E {
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        let staffID: UUID? = if case .staff(let id) = actor { id } else { nil }
        return try await db.transaction { tx in
            let evaluation = try await E.query(on: tx).filter(E.parentKey, .equal, parentID)
                .filter("fiscal_year", .equal, fiscalYear).first() ?? E()
            evaluation.municipalityID = municipalityID
            evaluation.parentID = parentID
            evaluation.fiscalYear = fiscalYear
            evaluation.contentJSON = json
            evaluation.updatedBy = staffID
            evaluation.updatedAt = Date()
            try await evaluation.save(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: action, targetType: target.type,
                                              targetID: target.id, details: ["fiscal_year": String(fiscalYear)], origin: origin), on: tx)
            return evaluation
        }
    }
}
