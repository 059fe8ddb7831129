import FluentKit
import Foundation

/// A 施策 (policy measure) as its management sheet describes it: header in columns, the fixed
/// parts of sections 1–3 as `MeasureContent` (JSON).
public final class Measure: Model, @unchecked Sendable {
    public static let schema = "indicators_measures"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// Stable, in URLs: letters, digits and `-`.
    @Field(key: "code") public var code: String
    /// 政策名
    @Field(key: "policy_name") public var policyName: String
    /// 基本施策名
    @Field(key: "name") public var name: String
    /// 施策統括課
    @Field(key: "lead_department") public var leadDepartment: String
    /// 主な関係課
    @Field(key: "related_departments") public var relatedDepartments: String
    /// 記入者 (a staff member's name as the sheet prints it).
    @Field(key: "author") public var author: String
    @Field(key: "content") public var contentJSON: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var content: MeasureContent {
        get throws { try JSONDecoder().decode(MeasureContent.self, from: Data(contentJSON.utf8)) }
    }
}

/// Sections 1–3 of the sheet that do not change from year to year.
public struct MeasureContent: Codable, Sendable, Equatable {
    /// 対象 (誰、何を対象にしているのか): `市民`, `行政`, `事業者`.
    public var targetGroups: [String]
    /// 意図 (施策の目的).
    public var intent: String
    /// 対象指標 (ids of declared indicators).
    public var targetIndicators: [String]
    /// 成果指標 (ids of declared indicators).
    public var outcomeIndicators: [String]
    /// 施策の展開方向 with 目的 and 手段.
    public var directions: [Direction]
    /// The fiscal years (start years) the multi-year table shows, in order: H28 … R5, R9.
    public var columns: [Int]
    /// 基本計画における指標の説明又は出典元, per indicator id, where the plan says more than the declaration.
    public var indicatorNotes: [String: String]

    public struct Direction: Codable, Sendable, Equatable {
        public var name: String
        public var purpose: String
        public var means: [String]
        public init(name: String, purpose: String, means: [String]) { self.name = name; self.purpose = purpose; self.means = means }
    }

    public init(targetGroups: [String], intent: String, targetIndicators: [String], outcomeIndicators: [String],
                directions: [Direction], columns: [Int], indicatorNotes: [String: String] = [:]) {
        self.targetGroups = targetGroups
        self.intent = intent
        self.targetIndicators = targetIndicators
        self.outcomeIndicators = outcomeIndicators
        self.directions = directions
        self.columns = columns
        self.indicatorNotes = indicatorNotes
    }
}
