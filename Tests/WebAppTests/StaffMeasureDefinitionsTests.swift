import Audit
import FluentKit
import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// Defining and editing a 施策 through `/{code}/staff/measures/new`, `…/{measure}/edit` and
/// `…/{measure}/history` over HTTP: the sheet follows, refusals name the field and change nothing,
/// an edit of an old version is refused, an earlier version can be restored; on the engine of `DATABASE_URL`.
final class StaffMeasureDefinitionsTests: XCTestCase {
    static let valid: [String: String] = [
        "code": "kokai-1", "policy_name": "自治体経営", "name": "情報公開の推進", "lead_department": "情報管理課",
        "related_departments": "市長室", "author": "情報管理課 担当", "target_groups": "市民\n事業者", "intent": "市政情報を広く公開します。",
        "target_indicator_1": "indicators.population", "outcome_indicator_1": "indicators.survey_privacy_protected",
        "outcome_indicator_2": "catalog.open_data_kinds", "direction_1_name": "情報の発信", "direction_1_purpose": "必要な情報を届けます。",
        "direction_1_means": "市報の充実\nオープンデータの公開", "first_year": "R3", "last_year": "2024", "extra_years": "令和9年度",
    ]

    func testStaffCreateAMeasureSeeItOnTheSheetEditItAndRestoreAnEarlierVersion() async throws {
        let test = try await makeTestApp()
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let list = try ParsedPage(try await admin.get("/132152/staff/measures").body.string)
        XCTAssertNotNil(list.first("a", "href", "/132152/staff/measures/new"), "the list links to the new form")
        let blank = try await admin.get("/132152/staff/measures/new")
        XCTAssertEqual(blank.status, .ok)
        let blankPage = try ParsedPage(blank.body.string)
        blankPage.assertWellFormedPage(lang: "ja")
        XCTAssertTrue(blankPage.fieldNames(in: blankPage.first("form", "action", "/132152/staff/measures"))
            .isSuperset(of: ["_csrf", "code", "name", "policy_name", "target_indicator_1", "outcome_indicator_6", "direction_6_means",
                             "first_year", "last_year", "extra_years"]))
        let reader = Browser(app: test.app)
        _ = try await reader.signIn("municipality_administrator", password: test.password)
        let english = try ParsedPage(try await reader.get("/132152/staff/measures/new?lang=en").body.string)
        english.assertWellFormedPage(lang: "en")
        XCTAssertNotNil(english.first("label", "for", "outcome_indicator_1"))

        let created = try await admin.post("/132152/staff/measures", form: Self.valid)
        XCTAssertEqual(created.status, .seeOther, created.body.string)
        XCTAssertEqual(created.headers.first(name: .location), "/132152/staff/measures/kokai-1")
        let sheet = try await admin.get("/132152/staff/measures/kokai-1?year=2023")
        XCTAssertEqual(sheet.status, .ok)
        let sheetPage = try ParsedPage(sheet.body.string)
        let heads = sheetPage.all("th", "scope", "col").map(\.text)
        XCTAssertTrue(heads.contains("R3年度") && heads.contains("R6年度") && heads.contains("R9年度"), "\(heads)")
        XCTAssertFalse(heads.contains("R2年度") || heads.contains("R7年度"))
        let text = try XCTUnwrap(sheetPage.main?.text)
        for expected in ["情報公開の推進", "情報の発信", "オープンデータの公開", "市政情報を広く公開します。"] {
            XCTAssertTrue(text.contains(expected), expected)
        }
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "個人情報の保護を的確に行っていると思う市民の割合")).lowerBound,
                          try XCTUnwrap(text.range(of: "オープンデータとして公開")).lowerBound, "outcome indicators in the order chosen")

        // The edit form opens with what was saved, based on version 1.
        let edit = try ParsedPage(try await admin.get("/132152/staff/measures/kokai-1/edit").body.string)
        edit.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(edit.first("input", "name", "version")?["value"], "1")
        XCTAssertEqual(edit.first("input", "name", "name")?["value"], "情報公開の推進")
        XCTAssertEqual(edit.first("textarea", "name", "direction_1_means")?.text, "市報の充実 オープンデータの公開", "one per line")
        XCTAssertEqual(edit.first("input", "name", "extra_years")?["value"], "2027")
        XCTAssertNil(edit.first("input", "name", "code"), "the code does not change once created")

        var changed = Self.valid
        changed["name"] = "情報公開と発信"
        changed["outcome_indicator_1"] = "catalog.open_data_kinds"
        changed["outcome_indicator_2"] = "indicators.survey_privacy_protected"
        changed["version"] = "1"
        let updated = try await admin.post("/132152/staff/measures/kokai-1/edit", form: changed)
        XCTAssertEqual(updated.status, .seeOther, updated.body.string)
        let afterBody = try await admin.get("/132152/staff/measures/kokai-1?year=2023").body.string
        let after = try XCTUnwrap(try ParsedPage(afterBody).main?.text)
        XCTAssertTrue(after.contains("情報公開と発信"))
        XCTAssertGreaterThan(try XCTUnwrap(after.range(of: "個人情報の保護を的確に行っていると思う市民の割合")).lowerBound,
                             try XCTUnwrap(after.range(of: "オープンデータとして公開")).lowerBound, "the new order")

        // A second edit based on version 1 is refused (409): the form comes back as typed, nothing is written.
        var late = Self.valid
        late["name"] = "遅れて保存した名前"
        late["version"] = "1"
        let stale = try await admin.post("/132152/staff/measures/kokai-1/edit", form: late)
        XCTAssertEqual(stale.status, .conflict)
        let stalePage = try ParsedPage(stale.body.string)
        XCTAssertEqual(stalePage.first("input", "name", "name")?["value"], "遅れて保存した名前", "what was typed is not lost")
        XCTAssertTrue(stalePage.first("div", "role", "alert")?.text.contains("他の職員が変更") == true)
        let missingVersion = try await admin.post("/132152/staff/measures/kokai-1/edit", form: Self.valid)
        XCTAssertEqual(missingVersion.status, .conflict, "an edit without a version is not applied blindly")
        var current = try await Self.measure("kokai-1", test)
        XCTAssertEqual(current.name, "情報公開と発信")

        // The history shows both versions with what changed; restoring version 1 writes version 3.
        let history = try await admin.get("/132152/staff/measures/kokai-1/history")
        XCTAssertEqual(history.status, .ok)
        let historyPage = try ParsedPage(history.body.string)
        historyPage.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(historyPage.all("h2").map(\.text).filter { $0.hasPrefix("第") }, ["第2版（現在）", "第1版"])
        XCTAssertTrue(historyPage.first("section", "id", "v2")?.text.contains("基本施策名、④ 成果指標1、④ 成果指標2") == true,
                      historyPage.first("section", "id", "v2")?.text ?? "")
        XCTAssertTrue(historyPage.first("section", "id", "v2")?.text.contains("municipality_administrator") == true, "who")
        XCTAssertTrue(historyPage.first("section", "id", "v2")?.text.contains("オープンデータとして公開したファイルの数（種類）（catalog.open_data_kinds）") == true,
                      "a chosen indicator shows as its title")
        XCTAssertNil(historyPage.first("form", "action", "/132152/staff/measures/kokai-1/history/2/restore"), "the current version has no restore")
        let staleRestore = try await admin.post("/132152/staff/measures/kokai-1/history/1/restore", form: ["version": "1"])
        XCTAssertEqual(staleRestore.status, .conflict)
        let restored = try await admin.post("/132152/staff/measures/kokai-1/history/1/restore", form: ["version": "2"])
        XCTAssertEqual(restored.status, .seeOther)
        current = try await Self.measure("kokai-1", test)
        XCTAssertEqual(current.name, "情報公開の推進")
        XCTAssertEqual(try current.content.outcomeIndicators, ["indicators.survey_privacy_protected", "catalog.open_data_kinds"])
        let restoredPage = try ParsedPage(try await admin.get("/132152/staff/measures/kokai-1/history?restored=1").body.string)
        XCTAssertTrue(restoredPage.first("section", "id", "v3")?.text.contains("第1版に戻した版") == true)
        let unknown = try await admin.post("/132152/staff/measures/kokai-1/history/99/restore", form: ["version": "3"])
        XCTAssertEqual(unknown.status, .notFound)

        // Each change is audited with its version numbers and the fields it changed.
        let audit = try await AuditEntry.query(on: test.app.db).filter(\.$targetType == "measure").filter(\.$targetID == "kokai-1")
            .sort(\.$sequence).all()
        XCTAssertEqual(audit.map(\.action).sorted(), ["indicators.measure.create", "indicators.measure.restore", "indicators.measure.update"])
        let update = try XCTUnwrap(audit.first { $0.action == "indicators.measure.update" })
        XCTAssertEqual(update.detailDictionary["version"], "2")
        XCTAssertEqual(update.detailDictionary["previous_version"], "1")
        XCTAssertEqual(update.detailDictionary["fields"], "name,outcome_indicator_1,outcome_indicator_2")
        XCTAssertEqual(audit.first { $0.action == "indicators.measure.restore" }?.detailDictionary["restores"], "1")
        let versions = try await DefinitionVersion.query(on: test.app.db).count()
        XCTAssertEqual(versions, 3)
    }

    /// Hostile and out-of-range values: each refused (422) with its field named and marked, what was
    /// typed kept, the 施策 and its history unchanged.
    func testInvalidValuesAreRefusedWithTheFieldNamedAndNothingChanged() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let before = try await Self.measure(DemoMeasure.code, test).contentJSON
        let versionsBefore = try await DefinitionVersion.query(on: test.app.db).count()
        let edit = try ParsedPage(try await admin.get("/132152/staff/measures/\(DemoMeasure.code)/edit").body.string)
        let version = try XCTUnwrap(edit.first("input", "name", "version")?["value"])
        XCTAssertEqual(edit.first("input", "name", "first_year")?["value"], "2016")
        XCTAssertEqual(edit.first("input", "name", "last_year")?["value"], "2023")
        XCTAssertEqual(edit.first("input", "name", "extra_years")?["value"], "2027")
        var form: [String: String] = [:]
        for name in MeasureForm.fields.map(\.name) {
            form[name] = edit.first("input", "name", name)?["value"] ?? edit.first("textarea", "name", name)?.text
                ?? edit.first("select", "name", name)?.first("option", "selected", "selected")?["value"] ?? ""
        }
        form["version"] = version
        let cases: [(field: String, value: String, message: String)] = [
            ("direction_3_name", "", "展開方向3 名称を入力してください"),
            ("name", String(repeating: "長", count: 5_000), "基本施策名は200文字以内"),
            ("name", "  ", "基本施策名を入力してください"),
            ("policy_name", "一行目\n二行目", "政策名は1行で"),
            ("intent", String(repeating: "意", count: 4_001), "② 施策の目的（意図）は4000文字以内"),
            ("direction_2_means", (1...11).map { "手段\($0)" }.joined(separator: "\n"), "10行まで"),
            ("first_year", "9223372036854775807", "表の最初の年度は 2021、R3"),
            ("first_year", "-1", "表の最初の年度は 2021、R3"),
            ("first_year", "1988", "1989年度から"),
            ("last_year", "2015", "最初の年度（2016年度）以降"),
            ("last_year", "R99", "年度から"),
            ("extra_years", "<script>", "追加で表示する年度は 2021"),
            ("last_year", "2040", "20年度まで"),
            ("outcome_indicator_2", "nope.<b>x</b>", "④ 成果指標2: 一覧にない指標"),
            ("outcome_indicator_3", "indicators.survey_information_disclosed", "同じ指標が2回"),
        ]
        for c in cases {
            var sent = form
            sent[c.field] = c.value
            if c.field == "direction_3_name" { sent["direction_3_purpose"] = "名称のない方向の目的" }
            let refused = try await admin.post("/132152/staff/measures/\(DemoMeasure.code)/edit", form: sent)
            XCTAssertEqual(refused.status, .unprocessableEntity, "\(c.field)=\(c.value.prefix(20))")
            let page = try ParsedPage(refused.body.string)
            page.assertWellFormedPage(lang: "ja")
            let control = page.first("input", "name", c.field) ?? page.first("textarea", "name", c.field) ?? page.first("select", "name", c.field)
            XCTAssertEqual(control?["aria-invalid"], "true", c.field)
            let alert = page.first("div", "role", "alert")?.text ?? ""
            XCTAssertTrue(alert.contains(c.message), "\(c.field): \(alert)")
            if control?.name != "select" {
                XCTAssertEqual(control?["value"] ?? control?.text, control?.name == "textarea" ? c.value.split(whereSeparator: \.isWhitespace).joined(separator: " ") : c.value,
                               "\(c.field): kept as typed")
            }
        }
        // Tags and quotes are text, kept and shown as text, never markup.
        var hostile = form
        hostile["name"] = "\"><script>alert(1)</script>"
        hostile["last_year"] = "2040"
        let shown = try await admin.post("/132152/staff/measures/\(DemoMeasure.code)/edit", form: hostile)
        XCTAssertEqual(shown.status, .unprocessableEntity)
        XCTAssertTrue(try ParsedPage(shown.body.string).all("script").isEmpty)
        XCTAssertEqual(try ParsedPage(shown.body.string).first("input", "name", "name")?["value"], "\"><script>alert(1)</script>")
        let after = try await Self.measure(DemoMeasure.code, test).contentJSON
        XCTAssertEqual(after, before, "nothing changed")
        let versionsAfter = try await DefinitionVersion.query(on: test.app.db).count()
        XCTAssertEqual(versionsAfter, versionsBefore)

        // A new 施策: a malformed code, one already used by a 施策 or by a 事務事業, are refused.
        for (code, message) in [("<b>\"x\"</b>", "半角英数字とハイフン"), (String(repeating: "a", count: 41), "40文字以内"),
                                (DemoMeasure.code, "既に施策又は事務事業で使われています"), (DemoProgramme.code, "既に施策又は事務事業で使われています")] {
            var sent = Self.valid
            sent["code"] = code
            let refused = try await admin.post("/132152/staff/measures", form: sent)
            XCTAssertEqual(refused.status, .unprocessableEntity, code)
            let page = try ParsedPage(refused.body.string)
            XCTAssertEqual(page.first("input", "name", "code")?["aria-invalid"], "true")
            XCTAssertEqual(page.first("input", "name", "code")?["value"], code)
            XCTAssertTrue(page.first("div", "role", "alert")?.text.contains(message) == true, code)
        }
        let measures = try await Measure.query(on: test.app.db).count()
        XCTAssertEqual(measures, 1)
    }

    /// Only staff allowed to define 施策 (the municipality's administrators) reach the forms; the
    /// history is readable by whoever reads the sheets; another municipality's 施策 is not found.
    func testPermissionsAndMunicipalities() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let auditor = Browser(app: test.app)
        _ = try await auditor.signIn("auditor", password: test.password)
        let history = try await auditor.get("/132152/staff/measures/\(DemoMeasure.code)/history")
        XCTAssertEqual(history.status, .ok)
        XCTAssertTrue(try ParsedPage(history.body.string).all("form", "method", "post").filter { $0["action"]?.contains("restore") == true }.isEmpty)
        for path in ["/132152/staff/measures/new", "/132152/staff/measures/\(DemoMeasure.code)/edit"] {
            let denied = try await auditor.get(path)
            XCTAssertEqual(denied.status, .forbidden, path)
        }
        let post = try await auditor.post("/132152/staff/measures", form: Self.valid)
        XCTAssertEqual(post.status, .forbidden)
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let refused = try await staff.post("/132152/staff/measures/\(DemoMeasure.code)/history/1/restore", form: ["version": "1"])
        XCTAssertEqual(refused.status, .forbidden)
        let other = Browser(app: test.app)
        _ = try await other.signIn("auditor", password: test.password, municipality: "132233")
        let elsewhere = try await other.get("/132233/staff/measures/\(DemoMeasure.code)/history")
        XCTAssertEqual(elsewhere.status, .notFound)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let crossing = try await admin.get("/132233/staff/measures/new")
        XCTAssertEqual(crossing.status, .forbidden)
        let noCSRF = try await admin.post("/132152/staff/measures", form: Self.valid, csrf: false)
        XCTAssertEqual(noCSRF.status, .forbidden)
        let measures = try await Measure.query(on: test.app.db).count()
        XCTAssertEqual(measures, 1)
    }

    static func measure(_ code: String, _ test: TestApp) async throws -> Measure {
        try await XCTUnwrapAsync(try await Measure.query(on: test.app.db).filter(\.$code == code).first())
    }
}
