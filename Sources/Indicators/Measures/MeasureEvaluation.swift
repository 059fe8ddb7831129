import FluentKit
import Foundation
import MadoguchiCore

/// A 施策's evaluation for one fiscal year: sections 4–7 of the sheet (`EvaluationContent`, JSON).
public final class MeasureEvaluation: Model, @unchecked Sendable {
    public static let schema = "indicators_measure_evaluations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "measure_id") public var measureID: UUID
    @Field(key: "fiscal_year") public var fiscalYear: Int
    @Field(key: "content") public var contentJSON: String
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var content: EvaluationContent {
        get throws { try JSONDecoder().decode(EvaluationContent.self, from: Data(contentJSON.utf8)) }
    }
}

/// A grade A–E.
public enum Grade: String, Codable, Sendable, CaseIterable { case A, B, C, D, E }

/// What staff write for a year (sections 4–7); grades left nil are computed where the rule is mechanical.
public struct EvaluationContent: Codable, Sendable, Equatable {
    /// 4 (1) 施策全体の成果実績目標達成度, when staff choose it (B or D, which no rule gives).
    public var achievementGrade: Grade?
    /// 4 (2) 時系列比較（過去3ヶ年の比較）: chosen by staff.
    public var trendGrade: Grade?
    /// 4 (3) 理由・背景.
    public var reasons: String
    /// 5 (1)–(4): 施策を取り巻く状況, 関係者の意見・要望, 他自治体との比較, 当年度の取組状況, 翌年度の取組予定.
    public var surroundings: String
    public var opinions: String
    public var comparison: String
    public var workThisYear: String
    public var planNextYear: String
    /// 6 (1) 全体総括 and (2) 総合評価 A–E.
    public var summary: String
    public var overallGrade: Grade?
    /// 7 (1) 翌々年度の取組方針, (2) 中期的な取組方針.
    public var policyYearAfterNext: String
    public var mediumTerm: String

    public init(achievementGrade: Grade? = nil, trendGrade: Grade? = nil, reasons: String = "", surroundings: String = "",
                opinions: String = "", comparison: String = "", workThisYear: String = "", planNextYear: String = "",
                summary: String = "", overallGrade: Grade? = nil, policyYearAfterNext: String = "", mediumTerm: String = "") {
        self.achievementGrade = achievementGrade
        self.trendGrade = trendGrade
        self.reasons = reasons
        self.surroundings = surroundings
        self.opinions = opinions
        self.comparison = comparison
        self.workThisYear = workThisYear
        self.planNextYear = planNextYear
        self.summary = summary
        self.overallGrade = overallGrade
        self.policyYearAfterNext = policyYearAfterNext
        self.mediumTerm = mediumTerm
    }
}
