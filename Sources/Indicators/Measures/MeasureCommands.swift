import FluentKit
import Foundation
import MadoguchiCore

/// Defining 施策 and writing their yearly evaluations, each change audited in its transaction.
public struct MeasureCommands: Sendable {
    public let registry: IndicatorRegistry
    public let audit: any AuditTrail

    public init(registry: IndicatorRegistry, audit: any AuditTrail) {
        self.registry = registry
        self.audit = audit
    }

    /// Limits on what a sheet holds.
    static let maxTitle = 200
    static let maxText = 4_000

    public struct Header: Sendable {
        public var code, policyName, name, leadDepartment, relatedDepartments, author: String
        public init(code: String, policyName: String, name: String, leadDepartment: String, relatedDepartments: String, author: String) {
            self.code = code
            self.policyName = policyName
            self.name = name
            self.leadDepartment = leadDepartment
            self.relatedDepartments = relatedDepartments
            self.author = author
        }
    }

    /// Creates or replaces a 施策 by code.
    @discardableResult
    public func save(_ header: Header, content: MeasureContent, municipalityID: UUID, by actor: Actor,
                     origin: RequestOrigin = .none, on db: any Database) async throws -> Measure {
        guard !header.code.isEmpty, header.code.count <= 40,
              header.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw IndicatorsError.invalid("code", ja: "施策コードは半角英数字とハイフンで40文字以内です", en: "Codes use letters, digits and '-' (40 at most)")
        }
        for (field, text) in [("policy_name", header.policyName), ("name", header.name), ("lead_department", header.leadDepartment),
                              ("related_departments", header.relatedDepartments), ("author", header.author)] where text.count > Self.maxTitle {
            throw IndicatorsError.invalid(field, ja: "\(Self.maxTitle)文字以内で入力してください", en: "At most \(Self.maxTitle) characters")
        }
        guard !header.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IndicatorsError.invalid("name", ja: "基本施策名を入力してください", en: "Enter the measure's name")
        }
        for id in content.targetIndicators + content.outcomeIndicators where registry.declaration(id) == nil {
            throw IndicatorsError.invalid("indicators", ja: "宣言されていない指標です: \(id)", en: "No module declares \(id)")
        }
        guard content.columns.count <= 20, content.columns.allSatisfy({ (1989...2100).contains($0) }),
              content.columns == content.columns.sorted(), Set(content.columns).count == content.columns.count else {
            throw IndicatorsError.invalid("columns", ja: "表示する年度は1989〜2100年度を昇順で20列までです", en: "Up to 20 fiscal years, 1989–2100, ascending")
        }
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        guard json.count <= Self.maxText * 8 else {
            throw IndicatorsError.invalid("content", ja: "内容が長すぎます", en: "The content is too long")
        }
        let definition = MeasureDefinition(code: header.code, policyName: header.policyName, name: header.name,
                                           leadDepartment: header.leadDepartment, relatedDepartments: header.relatedDepartments,
                                           author: header.author, content: content)
        return try await write(definition, mode: .upsert, municipalityID: municipalityID, by: actor, origin: origin, on: db)
    }

    /// Writes (replaces) the evaluation of a 施策 for a fiscal year.
    @discardableResult
    public func evaluate(measureCode: String, fiscalYear: Int, content: EvaluationContent, municipalityID: UUID, by actor: Actor,
                         origin: RequestOrigin = .none, on db: any Database) async throws -> MeasureEvaluation {
        try YearlyEvaluations.checkYear(fiscalYear)
        let texts = [("reasons", content.reasons), ("surroundings", content.surroundings), ("opinions", content.opinions),
                     ("comparison", content.comparison), ("work_this_year", content.workThisYear), ("plan_next_year", content.planNextYear),
                     ("summary", content.summary), ("policy_year_after_next", content.policyYearAfterNext), ("medium_term", content.mediumTerm)]
        for (field, text) in texts where text.count > Self.maxText {
            throw IndicatorsError.invalid(field, ja: "\(Self.maxText)文字以内で入力してください", en: "At most \(Self.maxText) characters")
        }
        guard let measure = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$code == measureCode).first(),
              let measureID = measure.id else { throw IndicatorsError.measureNotFound }
        return try await YearlyEvaluations.write(MeasureEvaluation.self, parentID: measureID, fiscalYear: fiscalYear, content: content,
                                                 municipalityID: municipalityID, by: actor, audit: audit, action: "indicators.measure.evaluate",
                                                 target: ("measure", measureCode), origin: origin, on: db)
    }
}
