import FluentKit
import Foundation
import Indicators
import MadoguchiCore
import Surveys
@testable import WebApp
import XCTest

/// 市民意識調査 over HTTP: staff create a survey (a bad one comes back with every field kept and
/// each problem named), generate codes as a CSV, residents answer once per code without JavaScript
/// or identity, a used code is refused in Japanese with the answers kept, the closed survey's
/// protected breakdown is on /results and the survey indicator shows its n on the staff trends
/// page; on the engine of `DATABASE_URL`.
final class SurveyScreensTests: XCTestCase {
    func testStaffCreateASurveyResidentsAnswerOncePerCodeAndTheResultsArePublished() async throws {
        let test = try await makeTestApp()
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let new = try await admin.get("/132152/staff/surveys/new")
        XCTAssertEqual(new.status, .ok)
        try ParsedPage(new.body.string).assertWellFormedPage(lang: "ja")

        // A bad survey: 422, each field named, what was typed kept, nothing stored.
        var form = ["title_ja": "", "title_en": "Resident survey", "fiscal_year": "令和八年", "areas": "東 / East\n西 / West",
                    "q1_text_ja": "市は個人情報の保護を的確に行っていると思いますか", "q1_choices": "*的確に行っている / Properly\n的確ではない / Not properly",
                    "q1_indicator": "indicators.survey_privacy_protected"]
        let refused = try await admin.post("/132152/staff/surveys", form: form)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        let problem = try ParsedPage(refused.body.string)
        XCTAssertEqual(problem.first("input", "name", "title_ja")?["aria-invalid"], "true")
        XCTAssertEqual(problem.first("input", "name", "fiscal_year")?["value"], "令和八年")
        XCTAssertEqual(problem.first("input", "name", "title_en")?["value"], "Resident survey")
        XCTAssertTrue(problem.first("textarea", "name", "q1_choices")?.text.contains("的確ではない / Not properly") == true)
        XCTAssertTrue(problem.first("div", "role", "alert")?.text.contains("年度を西暦4桁") == true)
        var surveys = try await Survey.query(on: test.app.db).count()
        XCTAssertEqual(surveys, 0)

        let year = test.kunitachi.fiscalYear(containing: CivilDate.today()).startYear
        form["title_ja"] = "市民意識調査"
        form["fiscal_year"] = String(year)
        let created = try await admin.post("/132152/staff/surveys", form: form)
        XCTAssertEqual(created.status, .seeOther, created.body.string)
        let detail = try XCTUnwrap(created.headers.first(name: .location))
        let id = String(try XCTUnwrap(detail.split(separator: "/").last))
        surveys = try await Survey.query(on: test.app.db).count()
        XCTAssertEqual(surveys, 1)

        // Codes: a bad count is named; a good one downloads a CSV of distinct codes.
        let badCount = try await admin.post(detail + "/codes", form: ["count": "99999999999999999999"])
        XCTAssertEqual(badCount.status, .unprocessableEntity)
        XCTAssertEqual(try ParsedPage(badCount.body.string).first("input", "name", "count")?["aria-invalid"], "true")
        let csv = try await admin.post(detail + "/codes", form: ["count": "12"])
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let lines = csv.body.string.split(whereSeparator: \.isNewline).dropFirst()
        let codes = lines.compactMap { $0.split(separator: ",").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } }
        XCTAssertEqual(Set(codes).count, 12)

        // The resident's page: no script, no field asking who they are.
        let resident = Browser(app: test.app)
        let page = try await resident.get("/132152/surveys/\(id)")
        XCTAssertEqual(page.status, .ok)
        let parsed = try ParsedPage(page.body.string)
        parsed.assertWellFormedPage(lang: "ja")
        XCTAssertTrue(parsed.all("script").isEmpty)
        XCTAssertEqual(parsed.fieldNames(in: parsed.first("form")), ["_csrf", "code", "age_band", "area", "q1"])
        let english = try await Browser(app: test.app).get("/132152/surveys/\(id)?lang=en")
        XCTAssertTrue(english.body.string.contains("Invitation code"), "English page")

        let answer = ["code": codes[0], "age_band": "40-49", "area": "area-1", "q1": "1"]
        let thanked = try await resident.post("/132152/surveys/\(id)", form: answer)
        XCTAssertEqual(thanked.status, .ok)
        XCTAssertTrue(thanked.body.string.contains("ご回答ありがとうございました"))
        let again = try await resident.post("/132152/surveys/\(id)", form: answer)
        XCTAssertEqual(again.status, .unprocessableEntity)
        let refusedAgain = try ParsedPage(again.body.string)
        XCTAssertTrue(refusedAgain.first("div", "role", "alert")?.text.contains("この招待コードはすでに回答に使われています") == true)
        XCTAssertEqual(refusedAgain.first("input", "id", "q1-0")?["checked"], "checked", "the answers stay chosen")
        let wrongChoice = try await resident.post("/132152/surveys/\(id)", form: ["code": codes[1], "age_band": "40-49", "area": "x", "q1": "1"])
        XCTAssertEqual(wrongChoice.status, .unprocessableEntity)
        XCTAssertTrue(try ParsedPage(wrongChoice.body.string).first("div", "role", "alert")?.text.contains("お住まいの地区") == true)

        // Eleven more answers (12 in all): 7 of 12 choose 的確に行っている.
        for (i, code) in codes.enumerated().dropFirst() {
            let response = try await resident.post("/132152/surveys/\(id)", form: ["code": code, "age_band": "40-49", "area": "area-1",
                                                                                  "q1": i < 7 ? "1" : "2"])
            XCTAssertEqual(response.status, .ok, "answer \(i)")
        }

        // Closed: /results shows the survey with its suppressed breakdown; staff trends show the indicator with n.
        let closed = try await admin.post(detail + "/state", form: ["open": "false"])
        XCTAssertEqual(closed.status, .seeOther)
        let results = try await resident.get("/132152/results")
        XCTAssertTrue(results.body.string.contains("市民意識調査の結果"), results.body.string)
        let breakdown = try ParsedPage(results.body.string)
        let table = try XCTUnwrap(breakdown.all("table", "class", "breakdown").first)
        XCTAssertTrue(table.text.contains("58.3（12）"), "40–49 × 東: 7 of 12, shown (12 ≥ 10)")
        XCTAssertFalse(table.text.contains("（1）"), "no cell of one respondent is shown")
        XCTAssertTrue(results.body.string.contains("回答者が10人未満"))

        let trends = try await admin.get("/132152/staff/trends")
        XCTAssertEqual(trends.status, .ok)
        let trendPage = try ParsedPage(trends.body.string)
        trendPage.assertWellFormedPage(lang: "ja")
        let summary = try XCTUnwrap(trendPage.all("table", "class", "summary").first)
        let privacyRow = try XCTUnwrap(summary.all("tr").first { $0.text.contains("個人情報の保護を的確に行っていると思う市民の割合") })
        XCTAssertTrue(privacyRow.text.contains("58.3"), privacyRow.text)
        XCTAssertTrue(privacyRow.all("td").last?.text == "12", privacyRow.text)
        XCTAssertTrue(trends.body.string.contains("回答者数は12人"), "the chart's text alternative says n")

        // Department staff read the survey but cannot create one or generate codes.
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let read = try await staff.get(detail)
        XCTAssertEqual(read.status, .ok)
        XCTAssertNil(try ParsedPage(read.body.string).first("form", "action", detail + "/codes"))
        let denied = try await staff.post(detail + "/codes", form: ["count": "5"])
        XCTAssertEqual(denied.status, .forbidden)
    }
}
