import FluentKit
import Foundation
import MadoguchiCore

/// Defining 事務事業 and writing their yearly evaluations, audited in their transactions.
public struct ProgrammeCommands: Sendable {
    public let registry: IndicatorRegistry
    public let audit: any AuditTrail

    public init(registry: IndicatorRegistry, audit: any AuditTrail) {
        self.registry = registry
        self.audit = audit
    }

    @discardableResult
    public func save(code: String, name: String, department: String, phone: String, content: ProgrammeContent, municipalityID: UUID,
                     by actor: Actor, origin: RequestOrigin = .none, on db: any Database) async throws -> Programme {
        guard !code.isEmpty, code.count <= 40, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw IndicatorsError.invalid("code", ja: "計画事業番号は半角英数字とハイフンで40文字以内です", en: "Codes use letters, digits and '-' (40 at most)")
        }
        for (field, text) in [("name", name), ("department", department), ("phone", phone)] where text.count > MeasureCommands.maxTitle {
            throw IndicatorsError.invalid(field, ja: "\(MeasureCommands.maxTitle)文字以内で入力してください", en: "At most \(MeasureCommands.maxTitle) characters")
        }
        for id in content.activityIndicators + content.outcomeIndicators where registry.declaration(id) == nil {
            throw IndicatorsError.invalid("indicators", ja: "宣言されていない指標です: \(id)", en: "No module declares \(id)")
        }
        guard content.columns.count <= 20, content.columns.allSatisfy({ (1989...2100).contains($0) }), content.columns == content.columns.sorted() else {
            throw IndicatorsError.invalid("columns", ja: "表示する年度は1989〜2100年度を昇順で20列までです", en: "Up to 20 fiscal years, 1989–2100, ascending")
        }
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        guard json.count <= MeasureCommands.maxText * 8 else { throw IndicatorsError.invalid("content", ja: "内容が長すぎます", en: "The content is too long") }
        return try await write(ProgrammeDefinition(code: code, name: name, department: department, phone: phone, content: content),
                               mode: .upsert, municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    @discardableResult
    public func evaluate(programmeCode: String, fiscalYear: Int, content: ProgrammeEvaluationContent, municipalityID: UUID, by actor: Actor,
                         origin: RequestOrigin = .none, on db: any Database) async throws -> ProgrammeEvaluation {
        try YearlyEvaluations.checkYear(fiscalYear)
        for score in content.scores where !(1...3).contains(score.score) {
            throw IndicatorsError.invalid("score_\(score.item.rawValue)", ja: "評点は3・2・1のいずれかです", en: "A score is 3, 2 or 1")
        }
        for text in content.scores.map(\.comment) + content.judgements.map(\.direction) where text.count > MeasureCommands.maxText {
            throw IndicatorsError.invalid("comment", ja: "\(MeasureCommands.maxText)文字以内で入力してください", en: "At most \(MeasureCommands.maxText) characters")
        }
        guard let programme = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == programmeCode).first(),
              let programmeID = programme.id else { throw IndicatorsError.programmeNotFound }
        return try await YearlyEvaluations.write(ProgrammeEvaluation.self, parentID: programmeID, fiscalYear: fiscalYear, content: content,
                                                 municipalityID: municipalityID, by: actor, audit: audit, action: "indicators.programme.evaluate",
                                                 target: ("programme", programmeCode), origin: origin, on: db)
    }
}
