import FluentKit
import Foundation

/// A value entered (or recorded) for an indicator, a scope, a fiscal year and a series.
public final class IndicatorValue: Model, @unchecked Sendable {
    public static let schema = "indicators_values"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "indicator_id") public var indicatorID: String
    /// A 施策's code for per-measure indicators (costs), empty otherwise.
    @Field(key: "scope") public var scope: String
    /// The Gregorian year the fiscal year starts in.
    @Field(key: "fiscal_year") public var fiscalYear: Int
    @Field(key: "series") public var series: String
    @Field(key: "value") public var value: Double
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// One change to a value: before and after (nil: no value), who, when, and the change it reverted.
public final class IndicatorValueChange: Model, @unchecked Sendable {
    public static let schema = "indicators_value_changes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "indicator_id") public var indicatorID: String
    @Field(key: "scope") public var scope: String
    @Field(key: "fiscal_year") public var fiscalYear: Int
    @Field(key: "series") public var series: String
    @OptionalField(key: "previous_value") public var previousValue: Double?
    @OptionalField(key: "new_value") public var newValue: Double?
    @OptionalField(key: "changed_by") public var changedBy: UUID?
    @Field(key: "changed_at") public var changedAt: Date
    @OptionalField(key: "reverts") public var reverts: UUID?

    public init() {}
}
