@testable import Forms
import MadoguchiCore
import MadoguchiTestSupport
@testable import WebApp
import XCTest

/// The resident's online application pages around the steps, as functions: the list of forms, the
/// 確認画面, the status page and the page after a correction.
final class FormsConfirmAndStatusViewTests: XCTestCase {
    let catalog = try! FormCatalog.load()
    var form: FormDefinition { catalog.form(MoveOutApplication.formID)! }

    func testTheIndexLinksEveryFormAndTheStatusPage() throws {
        for (language, heading) in [(UILanguage.ja, "オンライン申請"), (.en, "Apply online")] {
            let page = try ParsedPage(FormsPage.index(catalog.forms, context: viewContext(language, path: "/132152/forms")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let list = try XCTUnwrap(page.main?.first("ul", "class", "event-list"))
            XCTAssertEqual(list.all("a").compactMap { $0["href"] }, catalog.forms.map { "/132152/forms/\($0.id)" })
            XCTAssertEqual(list.all("a").map(\.text), catalog.forms.map { $0.title.text(language) })
            XCTAssertTrue(list.all("a").map(\.text).contains(language == .ja ? "転出届" : "Moving out of the city"))
            XCTAssertEqual(page.links.last, "/132152/forms/status")
        }
    }

    /// Every answered field is listed under its label (choices by their label, a checkbox as a mark),
    /// every answer rides along hidden, and the form posts past the last step with Submit and Back.
    func testTheConfirmationListsTheAnswersAndPostsThemAgain() throws {
        let values = MoveOutApplication.values(moveDate: "2026-12-01", ["new_address": #"立川市 "<b>&"#])
        for (language, suffix, submit) in [(UILanguage.ja, "転出届：入力内容の確認", "送信する"), (.en, "Moving out of the city：Check your answers", "Submit")] {
            let model = FormsPage.Model(form: form, stepIndex: form.steps.count, values: values, problems: [], idempotencyKey: "key-view-0000000010")
            let page = try ParsedPage(FormsPage.confirm(model, context: viewContext(language, path: "/132152/forms/move-out")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [suffix])
            let table = try XCTUnwrap(page.main?.first("table"))
            XCTAssertEqual(table.first("caption")?.text, form.title.text(language))
            var rows: [String: String] = [:]
            for row in table.all("tr") { rows[row.first("th")?.text ?? "?"] = row.first("td")?.text }
            let label = { (id: String) in self.form.fields.first { $0.id == id }!.label.text(language) }
            XCTAssertEqual(rows[label("new_address")], #"立川市 "<b>&"#, "shown as text, escaped")
            XCTAssertTrue(page.all("b").isEmpty)
            XCTAssertEqual(rows[label("household_moving")], language == .ja ? "世帯全員" : "Whole household")
            XCTAssertEqual(rows[label("agree")], "✔")
            XCTAssertEqual(rows[label("name")], "山田 花子")
            XCTAssertNil(rows[label("moving_members")], "unanswered fields are not listed")
            XCTAssertTrue(table.all("th").allSatisfy { $0["scope"] == "row" })

            let post = try XCTUnwrap(page.first("form", "action", "/132152/forms/move-out"))
            XCTAssertEqual(post["method"], "post")
            XCTAssertEqual(page.fieldNames(in: post), Set(["_csrf", "idempotency_key", "step"] + values.keys.map { "v." + $0 }))
            XCTAssertEqual(post.first("input", "name", "step")?["value"], String(form.steps.count))
            XCTAssertEqual(post.first("input", "name", "v.new_address")?["value"], #"立川市 "<b>&"#)
            XCTAssertEqual(post.all("button").compactMap { $0["value"] }, ["submit", "back"])
            XCTAssertEqual(post.all("button").first?.text, submit)
            XCTAssertFalse(page.main!.text.contains("¥"), "no fee for this form")
        }
    }

    /// Without a match the page is the lookup form; a matched application shows its status, the
    /// staff member's note and, while a correction is requested, the form to reopen it.
    func testTheStatusPageShowsTheStatusTheNoteAndTheCorrectionForm() throws {
        for (language, heading, status) in [(UILanguage.ja, "申請の状況", "補正依頼"), (.en, "Application status", "Correction requested")] {
            let empty = try ParsedPage(FormsPage.status(nil, problem: nil, context: viewContext(language, path: "/132152/forms/status")))
            empty.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(empty.h1, [heading])
            XCTAssertNil(empty.first("p", "id", "application-status"))
            let lookup = try XCTUnwrap(empty.first("form", "action", "/132152/forms/status"))
            XCTAssertEqual(empty.fieldNames(in: lookup), ["_csrf", "receipt_number", "secret"])
            XCTAssertEqual(empty.label(of: "receipt_number"), language == .ja ? "受付番号" : "Receipt number")
            XCTAssertEqual(empty.label(of: "secret"), language == .ja ? "確認用の番号" : "Secret")
            XCTAssertEqual(lookup.first("input", "name", "secret")?["type"], "password")
            XCTAssertEqual(lookup.first("input", "name", "secret")?["value"] ?? "", "", "a secret is never written back")

            let application = FormApplication()
            application.formID = form.id
            application.receiptNumber = "20261129-ABC234"
            application.status = ApplicationStatus.correctionRequested.rawValue
            let model = FormsPage.StatusModel(application: application, comment: #"住所の "番地" を確認してください"#,
                                              correction: FormsPage.Correction(receiptNumber: "20261129-ABC234", secret: "s3cret-value"))
            let page = try ParsedPage(FormsPage.status(model, problem: nil, context: viewContext(language, path: "/132152/forms/status")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.first("p", "id", "application-status")?.text, "20261129-ABC234：\(status)")
            XCTAssertEqual(page.first("span", "id", "staff-comment")?.text, #"住所の "番地" を確認してください"#)
            let correct = try XCTUnwrap(page.first("form", "action", "/132152/forms/move-out/correct"))
            XCTAssertEqual(correct["method"], "post")
            XCTAssertEqual(page.fieldNames(in: correct), ["_csrf", "receipt_number", "secret"])
            XCTAssertEqual(correct.first("input", "name", "secret")?["value"], "s3cret-value")
            XCTAssertEqual(correct.first("input", "name", "secret")?["type"], "hidden")

            application.status = ApplicationStatus.completed.rawValue
            let done = try ParsedPage(FormsPage.status(.init(application: application, comment: nil, correction: nil), problem: nil,
                                                       context: viewContext(language, path: "/132152/forms/status")))
            XCTAssertEqual(done.first("p", "id", "application-status")?.text, "20261129-ABC234：" + ApplicationStatus.completed.label.text(language))
            XCTAssertNil(done.first("span", "id", "staff-comment"))
            XCTAssertNil(done.first("form", "action", "/132152/forms/move-out/correct"))
        }
    }

    func testAStatusLookupProblemIsShownOnTheReceiptNumber() throws {
        let problem = FieldProblem(field: "receipt_number", message: LocalizedText(ja: "「受付番号」または「確認用の番号」が正しくありません",
                                                                                 en: "The receipt number or secret is wrong"))
        let page = try ParsedPage(FormsPage.status(nil, problem: problem, context: viewContext(.ja, path: "/132152/forms/status")))
        page.assertWellFormedPage(lang: "ja")
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertEqual(alert.first("a")?["href"], "#receipt_number")
        XCTAssertTrue(alert.text.contains("「受付番号」または「確認用の番号」が正しくありません"))
        XCTAssertEqual(page.first("input", "name", "receipt_number")?["aria-invalid"], "true")
        XCTAssertNil(page.first("input", "name", "secret")?["aria-invalid"])
    }

    func testTheCorrectedPageShowsTheReceiptNumberAndLinksTheStatus() throws {
        for (language, heading) in [(UILanguage.ja, "補正を受け付けました"), (.en, "Correction received")] {
            let page = try ParsedPage(FormsPage.corrected(receiptNumber: "20261129-ABC234", context: viewContext(language, path: "/132152/forms/move-out/correct")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertEqual(page.first("strong", "id", "receipt-number")?.text, "20261129-ABC234")
            XCTAssertEqual(page.first("div", "role", "status")?.text, (language == .ja ? "受付番号：" : "Receipt number: ") + "20261129-ABC234")
            XCTAssertEqual(page.links, ["/132152/forms/status"])
            XCTAssertFalse(page.source.contains("s3cret"), "the secret is not repeated")
        }
    }
}
