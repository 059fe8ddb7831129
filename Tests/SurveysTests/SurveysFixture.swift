import Audit
import FluentKit
import Foundation
import Indicators
import MadoguchiCore
import MadoguchiTestSupport
import Surveys
import XCTest

/// A migrated database with the surveys and indicators modules, a city, and a survey of FY2026
/// whose second question feeds 「個人情報の保護を的確に行っていると思う市民の割合」.
struct SurveysFixture {
    let db: TestDatabase
    let city: Municipality
    let registry: IndicatorRegistry
    static let manifests = [CoreModule.manifest, AuditModule.manifest, IndicatorsModule.manifest, SurveysModule.manifest]

    static func make() async throws -> SurveysFixture {
        let db = try await TestDatabase.make(migrations: manifests.flatMap(\.migrations))
        do {
            let city = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76000)
            try await city.create(on: db.database)
            // The registry over the survey indicators alone (the indicators module's derived ones
            // need the forms and counter manifests); the indicators module's tables hold entered values.
            return SurveysFixture(db: db, city: city, registry: try IndicatorRegistry(manifests: [SurveysModule.manifest]))
        } catch {
            await db.shutdown()
            throw error
        }
    }

    var database: any Database { db.database }
    var cityID: UUID { city.id! }
    var commands: SurveyCommands { SurveyCommands(audit: HashChainAuditLog()) }
    let staff = Actor.staff(UUID())

    static var draft: SurveyDraft {
        SurveyDraft(form: [
            "title_ja": "令和8年度 市民意識調査", "title_en": "Resident survey FY2026", "fiscal_year": "2026",
            "areas": "東 / East\n西 / West\n北 / North",
            "q1_text_ja": "入手したい市政情報が十分に公開されていると思いますか", "q1_text_en": "Is the information you want published?",
            "q1_choices": "*十分に公開されている / Sufficiently\nあまり公開されていない / Not much\nわからない / Don't know",
            "q1_indicator": "indicators.survey_information_disclosed",
            "q2_text_ja": "市は個人情報の保護を的確に行っていると思いますか", "q2_text_en": "Does the city protect personal information properly?",
            "q2_choices": "*的確に行っている / Properly\n*どちらかといえば的確 / Mostly\n的確でない / Not properly",
            "q2_indicator": "indicators.survey_privacy_protected",
        ])
    }

    func survey(open: Bool = true) async throws -> Survey {
        let survey = try await commands.create(Self.draft, municipalityID: cityID, by: staff, on: database)
        if !open { try await commands.setOpen(false, surveyID: survey.id!, municipalityID: cityID, by: staff, on: database) }
        return survey
    }

    func codes(_ n: Int, for survey: Survey) async throws -> [String] {
        try await commands.generateCodes(String(n), surveyID: survey.id!, municipalityID: cityID, by: staff, on: database)
    }

    func answer(_ survey: Survey, code: String, _ values: [String: String]) async throws {
        try await SurveyAnswers.submit(surveyID: survey.id!, municipalityID: cityID, code: code, values: values, on: database)
    }
}

extension XCTestCase {
    func makeSurveysFixture() async throws -> SurveysFixture {
        let fixture = try await SurveysFixture.make()
        addTeardownBlock { await fixture.db.shutdown() }
        return fixture
    }

    func assertSurveysError(_ expected: SurveysError, _ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            try await body()
            XCTFail("expected \(expected.message.ja)", file: file, line: line)
        } catch let error as SurveysError {
            XCTAssertEqual(error, expected, file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }
}
