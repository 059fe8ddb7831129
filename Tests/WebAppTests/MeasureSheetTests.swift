import FluentKit
import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// 施策マネジメントシート (seed 000) over HTTP: the demo's 施策 for the fiscal year the seed
/// evaluates (令和3年度) shows the seed's multi-year table and results; on the engine of `DATABASE_URL`.
final class MeasureSheetTests: XCTestCase {
    /// The seed's figures, as `DemoMeasure` reads them, per row: one cell per column
    /// (H28 H29 H30 R1 R2 R3 R4 R5 R9), blank where the seed has none.
    static let seed000: [(row: String, cells: [String])] = [
        ("国庫支出金", ["", "", "", "0", "0", "0", "", "", ""]),
        ("都道府県支出金", ["", "", "", "0", "0", "0", "", "", ""]),
        ("地方債", ["", "", "", "0", "0", "0", "", "", ""]),
        ("その他", ["", "", "", "3,670", "4,120", "4,680", "", "", ""]),
        ("一般財源", ["", "", "", "21,475", "24,992", "20,724", "", "", ""]),
        ("事業費計 (A)", ["", "", "", "25,145", "29,112", "25,404", "", "", ""]),
        ("延べ業務時間", ["", "", "", "11,800", "12,000", "6,895", "", "", ""]),
        ("人件費計 (B)", ["", "", "", "56,495", "57,495", "34,475", "", "", ""]),
        ("トータルコスト (A)+(B)", ["", "", "", "81,640", "86,607", "59,879", "", "", ""]),
        ("事務事業数", ["", "10", "10", "7", "7", "5", "", "", ""]),
        ("対象指標 人口/実績値", ["", "75,054", "75,466", "75,932", "75,984", "76,282", "", "", ""]),
        ("対象指標 人口/見込み値", ["", "", "", "", "", "", "", "", "76,423"]),
        ("対象指標 市民情報を使用する部課数/実績値", ["", "43", "43", "43", "43", "43", "", "", ""]),
        ("対象指標 市民情報を使用する部課数/見込み値", ["", "", "", "", "", "", "", "", "43"]),
        ("成果指標 入手したい市政情報が十分に公開されていると思う市民の割合/成り行き値", ["", "", "", "21.0", "", "", "", "", ""]),
        ("成果指標 入手したい市政情報が十分に公開されていると思う市民の割合/目標値", ["", "", "", "21.5", "22.0", "22.5", "23.0", "23.5", "25.5"]),
        ("成果指標 入手したい市政情報が十分に公開されていると思う市民の割合/実績値", ["", "20.0", "20.8", "21.2", "21.9", "27.8", "", "", ""]),
        ("成果指標 オープンデータとして公開したファイルの数（種類）/成り行き値", ["", "", "", "1", "", "", "", "", ""]),
        ("成果指標 オープンデータとして公開したファイルの数（種類）/目標値", ["", "", "", "1", "1", "1", "", "", ""]),
        ("成果指標 オープンデータとして公開したファイルの数（種類）/実績値", ["", "", "2", "3", "4", "8", "", "", ""]),
        ("成果指標 個人情報の保護を的確に行っていると思う市民の割合/成り行き値", Array(repeating: "31.6", count: 9)),
        ("成果指標 個人情報の保護を的確に行っていると思う市民の割合/目標値", ["39.7", "40.8", "41.9", "43.0", "44.1", "45.2", "46.3", "37.8", "42.2"]),
        ("成果指標 個人情報の保護を的確に行っていると思う市民の割合/実績値", ["30.1", "29.5", "31.1", "31.4", "31.9", "32.3", "", "", ""]),
    ]

    func testTheDemoSheetForTheSeedsYearShowsSeed000sTableAndResults() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("municipality_administrator", password: test.password)

        let response = try await browser.get("/132152/staff/measures/joho-hasshin?year=2021")
        XCTAssertEqual(response.status, .ok)
        let page = try ParsedPage(response.body.string)
        page.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(page.first("h1")?.text, "施策マネジメントシート（令和3年度）")

        // The seed's sections, in its order.
        let sections = page.all("h2").map(\.text)
        XCTAssertEqual(sections.compactMap { $0.first.flatMap { Int(String($0)) } }, [1, 2, 3, 4, 5, 6, 7], "\(sections)")
        XCTAssertEqual(sections[2], "3 総事業費・指標等の実績推移と目標値")

        // The multi-year table: headings H28 … R5, R9 and every row of the seed.
        let table = try XCTUnwrap(page.first("table", "class", "multi-year"))
        XCTAssertEqual(table.first("thead")?.all("th").map(\.text),
                       ["項目", "数値区分", "単位", "H28年度", "H29年度", "H30年度", "R1年度", "R2年度", "R3年度", "R4年度", "R5年度", "R9年度",
                        "目標達成度", "前年度比較", "指標の説明又は出典元"])
        var rows: [String: [String]] = [:]
        var results: [String: [String]] = [:]
        var group = ""
        for tr in table.all("tbody").flatMap({ $0.all("tr") }) {
            let heads = tr.all("th").map(\.text)
            let cells = tr.all("td").map { $0.text.replacingOccurrences(of: "※", with: "") }
            if tr.parent?["class"] == "costs" {
                rows[heads[0]] = Array(cells[2..<11])
            } else {
                if heads.count == 2 { group = heads[0]; results[group] = Array(cells[10...]) }
                rows["\(group)/\(heads.last!)"] = Array(cells[1..<10])
            }
        }
        for (row, cells) in Self.seed000 {
            XCTAssertEqual(rows[row], cells, row)
        }
        XCTAssertEqual(rows.count, Self.seed000.count, "no row beyond the seed's: \(Set(rows.keys).subtracting(Self.seed000.map(\.row)))")

        // 目標達成度 and 前年度比較 computed for 令和3年度, as the seed has them.
        XCTAssertEqual(results["成果指標 入手したい市政情報が十分に公開されていると思う市民の割合"]?.prefix(2), ["達成", "向上"])
        XCTAssertEqual(results["成果指標 オープンデータとして公開したファイルの数（種類）"]?.prefix(2), ["達成", "向上"])
        XCTAssertEqual(results["成果指標 個人情報の保護を的確に行っていると思う市民の割合"]?.prefix(2), ["未達成", "向上"])
        XCTAssertEqual(results["成果指標 入手したい市政情報が十分に公開されていると思う市民の割合"]?.last,
                       "国立市市民意識調査による。年0.5ポイントの増を目標としました。")
        let grades = page.all("p", "class", "grade").map(\.text)
        XCTAssertEqual(grades.first, "C:一部の成果指標について目標を達成した（成果指標の目標達成度から自動判定）")
        XCTAssertEqual(grades.dropFirst().first, "C:成果はほとんど変わらない（横ばい状態）")
        XCTAssertEqual(grades.last, "C")

        // The English page has the same structure.
        let english = try await browser.get("/132152/staff/measures/joho-hasshin?year=2021&lang=en")
        XCTAssertEqual(english.status, .ok)
        try ParsedPage(english.body.string).assertWellFormedPage(lang: "en")

        // The same sheet as CSV.
        let csv = try await browser.get("/132152/staff/measures/joho-hasshin/sheet.csv?year=2021")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let text = csv.body.string
        XCTAssertTrue(text.hasPrefix("\u{FEFF}\"節\",\"項目\",\"数値区分\",\"単位\",\"H28年度\""), String(text.prefix(80)))
        XCTAssertTrue(text.contains("\"3 総事業費・指標等の実績推移と目標値\",\"トータルコスト (A)+(B)\",\"\",\"千円\",\"\",\"\",\"\",\"81,640\",\"86,607\",\"59,879\",\"\",\"\",\"\""))
        XCTAssertTrue(text.contains("\"成果指標 個人情報の保護を的確に行っていると思う市民の割合\",\"実績値\",\"％\",\"30.1\""))
        XCTAssertTrue(text.contains("\"未達成\",\"向上\""))
        XCTAssertTrue(text.contains("\"(1) 施策全体の成果実績目標達成度\""))
    }

    func testSheetsAreReadOnlyByPermissionAndPerMunicipality() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let counter = Browser(app: test.app)
        _ = try await counter.signIn("counter_staff", password: test.password)
        let refused = try await counter.get("/132152/staff/measures/joho-hasshin?year=2021")
        XCTAssertEqual(refused.status, .forbidden)
        let auditor = Browser(app: test.app)
        _ = try await auditor.signIn("auditor", password: test.password, municipality: "132233")
        let elsewhere = try await auditor.get("/132233/staff/measures/joho-hasshin?year=2021")
        XCTAssertEqual(elsewhere.status, .notFound, "another municipality's 施策 is not found")
        let list = try await auditor.get("/132233/staff/measures")
        XCTAssertEqual(list.status, .ok)
        XCTAssertFalse(list.body.string.contains("joho-hasshin"))
        let badYear = try await auditor.get("/132233/staff/measures?year=99999")
        XCTAssertEqual(badYear.status, .ok, "the list ignores a year")
        let ours = Browser(app: test.app)
        _ = try await ours.signIn("auditor", password: test.password)
        let outOfRange = try await ours.get("/132152/staff/measures/joho-hasshin?year=99999")
        XCTAssertEqual(outOfRange.status, .badRequest)
        let hostile = try await ours.get("/132152/staff/measures/%3Cscript%3E")
        XCTAssertEqual(hostile.status, .notFound)
    }

    /// Staff write a year's evaluation through the form: grades A–E (or empty for the computed 4 (1)) and texts;
    /// a grade outside A–E or a text too long is refused with its field named and nothing saved.
    func testStaffWriteTheEvaluationAndAWrongGradeIsRefused() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let form = try await admin.get("/132152/staff/measures/joho-hasshin/evaluation?year=2022")
        XCTAssertEqual(form.status, .ok)
        let parsed = try ParsedPage(form.body.string)
        parsed.assertWellFormedPage(lang: "ja")
        XCTAssertTrue(parsed.fieldNames().isSuperset(of: ["achievement_grade", "trend_grade", "overall_grade", "reasons", "summary", "medium_term"]))

        let refused = try await admin.post("/132152/staff/measures/joho-hasshin/evaluation?year=2022",
                                           form: ["overall_grade": "F", "summary": "<script>総括</script>"])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        let problem = try ParsedPage(refused.body.string)
        XCTAssertEqual(problem.first("select", "name", "overall_grade")?["aria-invalid"], "true")
        XCTAssertEqual(problem.first("textarea", "name", "summary")?.text, "<script>総括</script>", "what was typed is kept, as text")
        let tooLong = try await admin.post("/132152/staff/measures/joho-hasshin/evaluation?year=2022",
                                           form: ["summary": String(repeating: "長", count: 5_000)])
        XCTAssertEqual(tooLong.status, .unprocessableEntity)
        XCTAssertEqual(try ParsedPage(tooLong.body.string).first("textarea", "name", "summary")?["aria-invalid"], "true")
        let untouched = try await admin.get("/132152/staff/measures/joho-hasshin?year=2022")
        XCTAssertFalse(untouched.body.string.contains("&lt;script&gt;総括") || untouched.body.string.contains("長長長"), "nothing was saved")
        XCTAssertEqual(try ParsedPage(untouched.body.string).all("p", "class", "grade").last?.text, "—")

        let saved = try await admin.post("/132152/staff/measures/joho-hasshin/evaluation?year=2022",
                                         form: ["trend_grade": "B", "overall_grade": "B", "summary": "令和4年度の総括"])
        XCTAssertEqual(saved.status, .seeOther)
        let sheet = try ParsedPage(try await admin.get("/132152/staff/measures/joho-hasshin?year=2022").body.string)
        let grades = sheet.all("p", "class", "grade").map(\.text)
        XCTAssertEqual(grades.dropFirst().first, "B:成果がやや向上した")
        XCTAssertEqual(grades.last, "B")
        XCTAssertTrue(sheet.main?.text.contains("令和4年度の総括") == true)
        let auditor = Browser(app: test.app)
        _ = try await auditor.signIn("auditor", password: test.password)
        let denied = try await auditor.post("/132152/staff/measures/joho-hasshin/evaluation?year=2022", form: ["overall_grade": "A"])
        XCTAssertEqual(denied.status, .forbidden)
    }

    /// Hostile text in a 施策's header, directions and notes stays text on the sheet, the list and the CSV.
    func testHostileMeasureTextStaysText() async throws {
        let test = try await makeTestApp()
        let hostile = "\"><script>alert(1)</script>&amp;'"
        let registry = try test.app.madoguchi.indicatorRegistry
        try await MeasureCommands(registry: registry, audit: test.app.madoguchi.audit).save(
            .init(code: "x-1", policyName: hostile, name: hostile, leadDepartment: hostile, relatedDepartments: hostile, author: hostile),
            content: MeasureContent(targetGroups: [hostile], intent: hostile, targetIndicators: ["indicators.population"],
                                    outcomeIndicators: ["indicators.survey_privacy_protected"],
                                    directions: [.init(name: hostile, purpose: hostile, means: [hostile])], columns: [2024, 2025],
                                    indicatorNotes: ["indicators.survey_privacy_protected": hostile]),
            municipalityID: test.kunitachi.requireID(), by: .system, on: test.app.db)
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("auditor", password: test.password)
        for path in ["/132152/staff/measures/x-1?year=2025", "/132152/staff/measures"] {
            let response = try await browser.get(path)
            XCTAssertEqual(response.status, .ok, path)
            let page = try ParsedPage(response.body.string)
            page.assertWellFormedPage(lang: "ja")
            XCTAssertTrue(page.all("script").isEmpty, path)
            XCTAssertTrue(page.main?.text.contains(hostile) == true, path)
        }
        let csv = try await browser.get("/132152/staff/measures/x-1/sheet.csv?year=2025")
        XCTAssertTrue(csv.body.string.contains("\"\"\"><script>alert(1)</script>&amp;'\""), "quoted as one CSV field")
    }
}
