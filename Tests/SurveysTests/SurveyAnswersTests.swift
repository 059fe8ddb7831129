import FluentKit
import Foundation
import MadoguchiCore
import SQLKit
@testable import Surveys
import XCTest

/// One answer per invitation code, the code stored only hashed and not linked to the answer; on
/// the engine of `DATABASE_URL`.
final class SurveyAnswersTests: XCTestCase {
    let answers = ["age_band": "30-39", "area": "area-1", "q1": "1", "q2": "3"]

    func testOneAnswerPerCodeAndAUsedCodeIsRefusedInJapanese() async throws {
        let f = try await makeSurveysFixture()
        let survey = try await f.survey()
        let codes = try await f.codes(3, for: survey)
        XCTAssertEqual(codes.count, 3)
        XCTAssertTrue(codes.allSatisfy { $0.range(of: #"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$"#, options: .regularExpression) != nil }, "\(codes)")
        XCTAssertEqual(Set(codes).count, 3)

        // Typed as a resident might: full-width, lower case, without hyphens.
        let typed = codes[0].lowercased().replacingOccurrences(of: "-", with: " ")
        try await f.answer(survey, code: typed, answers)
        await assertSurveysError(.codeUsed) { try await f.answer(survey, code: codes[0], self.answers) }
        XCTAssertTrue(SurveysError.codeUsed.message.ja.contains("すでに回答に使われています"))
        XCTAssertEqual(SurveysError.codeUsed.problems.map(\.field), ["code"])
        await assertSurveysError(.codeUnknown) { try await f.answer(survey, code: "AAAA-AAAA-AAAA", self.answers) }
        await assertSurveysError(.codeUnknown) { try await f.answer(survey, code: String(repeating: "A", count: 100_000), self.answers) }
        await assertSurveysError(.codeUnknown) { try await f.answer(survey, code: "'; DROP TABLE surveys; --", self.answers) }

        // A wrong answer names the field and does not use up the code.
        do {
            try await f.answer(survey, code: codes[1], ["age_band": "200", "area": "area-1", "q1": "<script>"])
            XCTFail("accepted a wrong answer")
        } catch let error as SurveysError {
            XCTAssertEqual(Set(error.problems.map(\.field)), ["age_band", "q1"])
            XCTAssertTrue(error.problems.allSatisfy { $0.message.ja.contains("選択肢から選んでください") }, "\(error.problems)")
        }
        try await f.answer(survey, code: codes[1], answers)

        // A code of another survey does not answer this one.
        let other = try await f.survey()
        let otherCodes = try await f.codes(1, for: other)
        await assertSurveysError(.codeUnknown) { try await f.answer(survey, code: otherCodes[0], self.answers) }

        // Closed: refused before the code is looked at.
        try await f.commands.setOpen(false, surveyID: survey.id!, municipalityID: f.cityID, by: f.staff, on: f.database)
        await assertSurveysError(.closed) { try await f.answer(survey, code: codes[2], self.answers) }
        let counts = try await SurveyQueries.codeCounts(surveyID: survey.id!, on: f.database)
        XCTAssertEqual(counts.issued, 3)
        XCTAssertEqual(counts.used, 2)
    }

    func testCodesAreStoredHashedAndTheAnswerKeepsNothingThatNamesTheCode() async throws {
        let f = try await makeSurveysFixture()
        let survey = try await f.survey()
        let codes = try await f.codes(2, for: survey)
        try await f.answer(survey, code: codes[0], answers)
        let sql = try f.database.sql(for: "reading raw rows")
        let invitations = try await sql.raw("SELECT * FROM survey_invitations").all()
        for row in invitations {
            let hash = try row.decode(column: "code_hash", as: String.self)
            XCTAssertEqual(hash.count, 64)
            XCTAssertFalse(codes.contains { hash.contains($0) || hash.contains($0.replacingOccurrences(of: "-", with: "")) })
        }
        // The stored answer: the survey, what was chosen, and nothing else (no code, no time).
        let responses = try await sql.raw("SELECT * FROM survey_responses").all()
        XCTAssertEqual(responses.count, 1)
        XCTAssertEqual(Set(try XCTUnwrap(responses.first).allColumns), ["id", "survey_id", "age_band", "area", "answers"])
        let json = try XCTUnwrap(responses.first).decode(column: "answers", as: String.self)
        XCTAssertEqual(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)), ["q1": "1", "q2": "3"])
        XCTAssertEqual(Set(try XCTUnwrap(invitations.first).allColumns), ["id", "survey_id", "code_hash", "used"])
    }

    func testTwoRequestsWithOneCodeAtOnceGiveExactlyOneAnswer() async throws {
        let f = try await makeSurveysFixture()
        let survey = try await f.survey()
        for round in 0..<5 {
            let code = try await f.codes(1, for: survey)[0]
            let db = f.database, surveyID = survey.id!, cityID = f.cityID, values = answers
            let outcomes = await withTaskGroup(of: Result<Void, any Error>.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do {
                            try await SurveyAnswers.submit(surveyID: surveyID, municipalityID: cityID, code: code, values: values, on: db)
                            return .success(())
                        } catch { return .failure(error) }
                    }
                }
                var all: [Result<Void, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let succeeded = outcomes.filter { if case .success = $0 { return true }; return false }.count
            XCTAssertEqual(succeeded, 1, "round \(round)")
            for case .failure(let error) in outcomes { XCTAssertEqual(error as? SurveysError, .codeUsed, "round \(round): \(error)") }
            let stored = try await SurveyResponse.query(on: f.database).count()
            XCTAssertEqual(stored, round + 1)
        }
    }

    func testACreatedSurveyNamesEveryProblemField() async throws {
        let f = try await makeSurveysFixture()
        var form = ["title_ja": String(repeating: "長", count: 201), "fiscal_year": "令和", "areas": "",
                    "q1_text_ja": "", "q1_choices": "ひとつだけ", "q1_indicator": "catalog.published_datasets",
                    "q2_text_ja": "設問", "q2_choices": "はい\nいいえ", "q2_indicator": "indicators.survey_privacy_protected"]
        do {
            try await f.commands.create(SurveyDraft(form: form), municipalityID: f.cityID, by: f.staff, on: f.database)
            XCTFail("accepted")
        } catch let error as SurveysError {
            XCTAssertEqual(Set(error.problems.map(\.field)), ["title_ja", "fiscal_year", "q1_text_ja", "q1_choices", "q1_indicator", "q2_choices"])
        }
        let count = try await Survey.query(on: f.database).count()
        XCTAssertEqual(count, 0, "nothing saved")
        form["title_ja"] = "調査"
        form["fiscal_year"] = "２０２６"
        form["q1_text_ja"] = "設問1"
        form["q1_choices"] = "*はい\nいいえ"
        form["q1_indicator"] = ""
        form["q2_choices"] = "*はい / Yes\nいいえ / No"
        let survey = try await f.commands.create(SurveyDraft(form: form), municipalityID: f.cityID, by: f.staff, on: f.database)
        XCTAssertEqual(survey.fiscalYear, 2026)
        let definition = try survey.definition()
        XCTAssertEqual(definition.questions.map(\.id), ["q1", "q2"])
        XCTAssertEqual(definition.questions[1].choices.map(\.label.en), ["Yes", "No"])
        XCTAssertEqual(definition.questions[1].choices.map(\.counts), [true, false])
        await assertSurveysError(SurveysError.invalid("count", ja: "発行数を1〜5000の数字で入力してください", en: "Enter a number of codes from 1 to 5000")) {
            _ = try await f.commands.generateCodes("5001", surveyID: survey.id!, municipalityID: f.cityID, by: f.staff, on: f.database)
        }
        await assertSurveysError(.notFound) {
            _ = try await f.commands.generateCodes("1", surveyID: UUID(), municipalityID: f.cityID, by: f.staff, on: f.database)
        }
    }
}
