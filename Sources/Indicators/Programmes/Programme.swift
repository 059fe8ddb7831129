import FluentKit
import Foundation
import MadoguchiCore

/// A 事務事業 (programme) as its evaluation sheet (seed 004) describes it.
public final class Programme: Model, @unchecked Sendable {
    public static let schema = "indicators_programmes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// 計画事業番号 (letters, digits, `-`), also the scope of its per-programme values.
    @Field(key: "code") public var code: String
    /// 事務事業名
    @Field(key: "name") public var name: String
    /// 担当部署
    @Field(key: "department") public var department: String
    /// 電話
    @Field(key: "phone") public var phone: String
    @Field(key: "content") public var contentJSON: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var content: ProgrammeContent {
        get throws { try JSONDecoder().decode(ProgrammeContent.self, from: Data(contentJSON.utf8)) }
    }
}

/// A labelled text of the sheet (基本情報's items, 実施内容 by period).
public struct LabelledText: Codable, Sendable, Equatable {
    public var label: String
    public var text: String
    public init(_ label: String, _ text: String) { self.label = label; self.text = text }
}

/// The parts of the 事務事業評価シート that do not change from year to year.
public struct ProgrammeContent: Codable, Sendable, Equatable {
    /// 【基本情報】 in the sheet's order: 事務区分, 根拠法令等, 事務事業開始年度, 終了予定年度, …
    public var basics: [LabelledText]
    /// 1 総合計画体系 (章・節・施策).
    public var planStructure: [String]
    /// 2 対象, 3 目的と内容.
    public var target: String
    public var purpose: String
    /// 4 実施内容(手段), by period (`28年度まで`, `29年度`).
    public var activities: [LabelledText]
    /// 【事業の計画・実績】 per fiscal year (start year).
    public var plans: [YearPlan]
    /// The fiscal years the tables show.
    public var columns: [Int]
    /// 活動指標 and 成果指標 (declared indicator ids).
    public var activityIndicators: [String]
    public var outcomeIndicators: [String]
    /// Indicators whose target cannot be set (「設定困難」).
    public var targetNotSettable: [String]
    /// The 施策 (its code) the 事務事業 belongs to; nil when none is chosen.
    public var measureCode: String?

    public struct YearPlan: Codable, Sendable, Equatable {
        public var year: Int
        public var plan: String
        public var actual: String
        public init(year: Int, plan: String, actual: String) { self.year = year; self.plan = plan; self.actual = actual }
    }

    public init(basics: [LabelledText], planStructure: [String], target: String, purpose: String, activities: [LabelledText],
                plans: [YearPlan], columns: [Int], activityIndicators: [String], outcomeIndicators: [String], targetNotSettable: [String],
                measureCode: String? = nil) {
        self.basics = basics
        self.planStructure = planStructure
        self.target = target
        self.purpose = purpose
        self.activities = activities
        self.plans = plans
        self.columns = columns
        self.activityIndicators = activityIndicators
        self.outcomeIndicators = outcomeIndicators
        self.targetNotSettable = targetNotSettable
        self.measureCode = measureCode
    }
}

/// A programme's evaluation for one fiscal year.
public final class ProgrammeEvaluation: Model, @unchecked Sendable {
    public static let schema = "indicators_programme_evaluations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "programme_id") public var programmeID: UUID
    @Field(key: "fiscal_year") public var fiscalYear: Int
    @Field(key: "content") public var contentJSON: String
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var content: ProgrammeEvaluationContent {
        get throws { try JSONDecoder().decode(ProgrammeEvaluationContent.self, from: Data(contentJSON.utf8)) }
    }
}

/// 評価区分.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case expand, continueAsIs = "continue", reconsider, review, merge, suspend, end

    public var label: String {
        switch self {
        case .expand: return "拡大"
        case .continueAsIs: return "現状継続"
        case .reconsider: return "要検討"
        case .review: return "見直し"
        case .merge: return "統合"
        case .suspend: return "休止・廃止"
        case .end: return "終了"
        }
    }
}

/// The four 評価項目 with what their 評点 3/2/1 mean.
public enum EvaluationItem: String, Codable, Sendable, CaseIterable {
    case validity, achievement, improvement, economy

    public var label: String {
        switch self {
        case .validity: return "妥当性"
        case .achievement: return "達成度"
        case .improvement: return "成果向上"
        case .economy: return "経済性"
        }
    }

    /// 評点欄: 3, 2, 1.
    public var scale: [String] {
        switch self {
        case .validity: return ["3 妥当", "2 どちらかといえば妥当", "1 妥当でない"]
        case .achievement: return ["3 あがっている", "2 どちらかといえばあがっている", "1 あがっていない"]
        case .improvement, .economy: return ["3 余地なし", "2 余地あり", "1 余地大きい"]
        }
    }
}

public struct ProgrammeEvaluationContent: Codable, Sendable, Equatable {
    public struct Score: Codable, Sendable, Equatable {
        public var item: EvaluationItem
        /// 1…3
        public var score: Int
        public var comment: String
        public init(item: EvaluationItem, score: Int, comment: String) { self.item = item; self.score = score; self.comment = comment }
    }

    public struct Judgement: Codable, Sendable, Equatable {
        /// 前年度2次評価, 1次評価, 2次評価
        public var stage: String
        public var verdict: Verdict
        public var direction: String
        public init(stage: String, verdict: Verdict, direction: String) { self.stage = stage; self.verdict = verdict; self.direction = direction }
    }

    public var scores: [Score]
    public var judgements: [Judgement]
    /// 法律で実施が義務付けられている事務事業か.
    public var legallyRequired: Bool?
    /// 民間等での実施または市民等との協働が可能か.
    public var privateSectorPossible: Bool?

    public init(scores: [Score], judgements: [Judgement], legallyRequired: Bool?, privateSectorPossible: Bool?) {
        self.scores = scores
        self.judgements = judgements
        self.legallyRequired = legallyRequired
        self.privateSectorPossible = privateSectorPossible
    }
}
