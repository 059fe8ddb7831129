import Audit
import FluentKit
import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// Defining and editing a 事務事業 through `/{code}/staff/programmes/new`, `…/{programme}/edit` and
/// `…/{programme}/history` over HTTP, with the 施策 it belongs to; on the engine of `DATABASE_URL`.
final class StaffProgrammeDefinitionsTests: XCTestCase {
    static let valid: [String: String] = [
        "code": "00900", "name": "オープンデータ推進事業", "department": "総務部情報管理課", "phone": "内線3500", "measure": DemoMeasure.code,
        "legal_basis": "官民データ活用推進基本法", "start_year": "R2", "plan_1": "自治体経営", "plan_2": "情報の発信",
        "plan_3": "情報の積極的な発信と共有・保護", "target": "市が保有するデータ", "purpose": "データを公開し、活用を促す。",
        "activity_1_label": "R5年度", "activity_1_text": "標準データセットの公開", "activity_indicator_1": "catalog.open_data_kinds",
        "outcome_indicator_1": "indicators.cost_per_resident", "first_year": "2021", "last_year": "2024",
    ]

    func testStaffCreateAProgrammeUnderAMeasureEditItAndRestoreAnEarlierVersion() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let measureEdit = try ParsedPage(try await admin.get("/132152/staff/measures/\(DemoMeasure.code)/edit").body.string)
        let add = try XCTUnwrap(measureEdit.first("a", "href", "/132152/staff/programmes/new?measure=\(DemoMeasure.code)"))
        let blank = try await admin.get(try XCTUnwrap(add["href"]))
        XCTAssertEqual(blank.status, .ok)
        let blankPage = try ParsedPage(blank.body.string)
        blankPage.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(blankPage.first("select", "name", "measure")?.first("option", "selected", "selected")?["value"], DemoMeasure.code,
                       "the 施策 it was opened from is chosen")
        XCTAssertTrue(blankPage.fieldNames(in: blankPage.first("form", "action", "/132152/staff/programmes"))
            .isSuperset(of: ["_csrf", "code", "name", "department", "phone", "measure", "legal_basis", "start_year", "target", "purpose",
                             "activity_1_label", "activity_4_text", "activity_indicator_1", "outcome_indicator_6", "first_year", "last_year"]))

        let created = try await admin.post("/132152/staff/programmes", form: Self.valid)
        XCTAssertEqual(created.status, .seeOther, created.body.string)
        XCTAssertEqual(created.headers.first(name: .location), "/132152/staff/programmes/00900")
        let sheet = try ParsedPage(try await admin.get("/132152/staff/programmes/00900?year=2023").body.string)
        sheet.assertWellFormedPage(lang: "ja")
        let text = try XCTUnwrap(sheet.main?.text)
        for expected in ["オープンデータ推進事業", "官民データ活用推進基本法", "令和2年度", "標準データセットの公開", "データを公開し、活用を促す。",
                         "令和3年度", "令和6年度", DemoMeasure.code] {
            XCTAssertTrue(text.contains(expected), expected)
        }
        XCTAssertFalse(text.contains("令和7年度"))
        let listed = try ParsedPage(try await admin.get("/132152/staff/measures/\(DemoMeasure.code)/edit").body.string)
        XCTAssertNotNil(listed.first("a", "href", "/132152/staff/programmes/00900/edit"), "the 施策 lists its 事務事業")

        let edit = try ParsedPage(try await admin.get("/132152/staff/programmes/00900/edit").body.string)
        edit.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(edit.first("input", "name", "version")?["value"], "1")
        XCTAssertEqual(edit.first("input", "name", "start_year")?["value"], "令和2年度")
        var changed = Self.valid
        changed["legal_basis"] = "官民データ活用推進基本法、市オープンデータ推進指針"
        changed["measure"] = ""
        changed["version"] = "1"
        let updated = try await admin.post("/132152/staff/programmes/00900/edit", form: changed)
        XCTAssertEqual(updated.status, .seeOther, updated.body.string)
        let afterBody = try await admin.get("/132152/staff/programmes/00900?year=2023").body.string
        XCTAssertTrue(afterBody.contains("市オープンデータ推進指針"))
        let unlinked = try ParsedPage(try await admin.get("/132152/staff/measures/\(DemoMeasure.code)/edit").body.string)
        XCTAssertNil(unlinked.first("a", "href", "/132152/staff/programmes/00900/edit"))

        let stale = try await admin.post("/132152/staff/programmes/00900/edit", form: changed)
        XCTAssertEqual(stale.status, .conflict)
        XCTAssertEqual(try ParsedPage(stale.body.string).first("textarea", "name", "legal_basis")?.text,
                       "官民データ活用推進基本法、市オープンデータ推進指針", "what was typed is kept")

        let history = try ParsedPage(try await admin.get("/132152/staff/programmes/00900/history").body.string)
        history.assertWellFormedPage(lang: "ja")
        XCTAssertTrue(history.first("section", "id", "v2")?.text.contains("所属する施策、根拠法令等") == true,
                      history.first("section", "id", "v2")?.text ?? "")
        let restored = try await admin.post("/132152/staff/programmes/00900/history/1/restore", form: ["version": "2"])
        XCTAssertEqual(restored.status, .seeOther)
        let programme = try await XCTUnwrapAsync(try await Programme.query(on: test.app.db).filter(\.$code == "00900").first())
        XCTAssertEqual(try programme.content.measureCode, DemoMeasure.code)
        XCTAssertEqual(try programme.content.basics.first { $0.label == "根拠法令等" }?.text, "官民データ活用推進基本法")
        let actions = try await AuditEntry.query(on: test.app.db).filter(\.$targetType == "programme").filter(\.$targetID == "00900")
            .sort(\.$sequence).all().map(\.action)
        XCTAssertEqual(actions, ["indicators.programme.create", "indicators.programme.update", "indicators.programme.restore"])
    }

    /// Each wrong value refused (422) with its field named, the demo 事務事業 and its history unchanged.
    func testInvalidValuesAreRefusedWithTheFieldNamedAndNothingChanged() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let before = try await XCTUnwrapAsync(try await Programme.query(on: test.app.db).filter(\.$code == DemoProgramme.code).first()).contentJSON
        let versionsBefore = try await DefinitionVersion.query(on: test.app.db).count()
        let edit = try ParsedPage(try await admin.get("/132152/staff/programmes/\(DemoProgramme.code)/edit").body.string)
        XCTAssertEqual(edit.first("input", "name", "start_year")?["value"], "平成15年度")
        XCTAssertEqual(edit.first("input", "name", "first_year")?["value"], "2016")
        var form: [String: String] = [:]
        for name in ProgrammeForm.fields.map(\.name) {
            form[name] = edit.first("input", "name", name)?["value"] ?? edit.first("textarea", "name", name)?.text
                ?? edit.first("select", "name", name)?.first("option", "selected", "selected")?["value"] ?? ""
        }
        form["version"] = try XCTUnwrap(edit.first("input", "name", "version")?["value"])
        let cases: [(field: String, value: String, message: String)] = [
            ("name", "", "事務事業名を入力してください"),
            ("department", String(repeating: "課", count: 201), "担当部署は200文字以内"),
            ("phone", String(repeating: "1", count: 41), "電話は40文字以内"),
            ("measure", "<script>", "所属する施策を一覧から選んでください"),
            ("measure", "no-such-measure", "所属する施策を一覧から選んでください"),
            ("start_year", "S65", "事務事業開始年度は 2021、R3"),
            ("start_year", "9223372036854775807", "事務事業開始年度は 2021、R3"),
            ("start_year", "1900", "1926年度から"),
            ("activity_3_label", "", "4 実施内容（手段）3 期間を入力してください"),
            ("activity_indicator_2", "\"><b>x</b>", "活動指標2: 一覧にない指標"),
            ("last_year", "H27", "最初の年度（2016年度）以降"),
            ("purpose", String(repeating: "目", count: 4_001), "3 目的と内容（意図）は4000文字以内"),
        ]
        for c in cases {
            var sent = form
            sent[c.field] = c.value
            if c.field == "activity_3_label" { sent["activity_3_text"] = "期間のない手段" }
            let refused = try await admin.post("/132152/staff/programmes/\(DemoProgramme.code)/edit", form: sent)
            XCTAssertEqual(refused.status, .unprocessableEntity, "\(c.field)=\(c.value.prefix(20))")
            let page = try ParsedPage(refused.body.string)
            page.assertWellFormedPage(lang: "ja")
            let control = page.first("input", "name", c.field) ?? page.first("textarea", "name", c.field) ?? page.first("select", "name", c.field)
            XCTAssertEqual(control?["aria-invalid"], "true", c.field)
            let alert = page.first("div", "role", "alert")?.text ?? ""
            XCTAssertTrue(alert.contains(c.message), "\(c.field): \(alert)")
        }
        for code in [DemoMeasure.code, DemoProgramme.code, "<x>"] {
            var sent = Self.valid
            sent["code"] = code
            let refused = try await admin.post("/132152/staff/programmes", form: sent)
            XCTAssertEqual(refused.status, .unprocessableEntity, code)
            XCTAssertEqual(try ParsedPage(refused.body.string).first("input", "name", "code")?["aria-invalid"], "true")
        }
        let after = try await XCTUnwrapAsync(try await Programme.query(on: test.app.db).filter(\.$code == DemoProgramme.code).first()).contentJSON
        XCTAssertEqual(after, before)
        let versionsAfter = try await DefinitionVersion.query(on: test.app.db).count()
        XCTAssertEqual(versionsAfter, versionsBefore)
        let programmes = try await Programme.query(on: test.app.db).count()
        XCTAssertEqual(programmes, 1)
    }
}
