import FluentKit
import Foundation
import MadoguchiCore

/// A 市民意識調査 of one municipality for one fiscal year.
public final class Survey: Model, @unchecked Sendable {
    public static let schema = "surveys"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The fiscal year's start year (2026 = 令和8年度); the indicators read answers by it.
    @Field(key: "fiscal_year") public var fiscalYear: Int
    @Field(key: "title_ja") public var titleJA: String
    @Field(key: "title_en") public var titleEN: String
    /// `SurveyDefinition` as JSON.
    @Field(key: "definition") public var definitionJSON: String
    @Field(key: "is_open") public var isOpen: Bool
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var title: LocalizedText { LocalizedText(ja: titleJA, en: titleEN) }

    public func definition() throws -> SurveyDefinition {
        try JSONDecoder().decode(SurveyDefinition.self, from: Data(definitionJSON.utf8))
    }
}

/// A mailed invitation code, kept as its hash; `used` flips once, with nothing else recorded.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "used") var used: Bool

    init() {}
}

/// One resident's anonymous answers.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "age_band") var ageBand: String
    @Field(key: "area") var area: String
    /// Question id → chosen value, as JSON; a skipped question is absent.
    @Field(key: "answers") var answersJSON: String

    init() {}
}
