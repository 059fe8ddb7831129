@testable import Forms
import MadoguchiCore
import MadoguchiTestSupport
@testable import WebApp
import XCTest

/// The resident's online application pages as functions: a step of the move-out form and the receipt.
final class FormsViewTests: XCTestCase {
    let form = try! XCTUnwrap(try FormCatalog.load().form(MoveOutApplication.formID))

    func testTheFirstStepHasLabelledRequiredFieldsAndNoBackButton() throws {
        for (language, required) in [(UILanguage.ja, "（必須）"), (.en, " (required)")] {
            let model = FormsPage.Model(form: form, stepIndex: 0, values: [:], problems: [], idempotencyKey: "key-view-0000000001")
            let page = try ParsedPage(FormsPage.step(model, context: viewContext(language, path: "/132152/forms/move-out")))
            page.assertWellFormedPage(lang: language.rawValue)
            let step = form.steps[0]
            XCTAssertEqual(page.h1, ["\(form.title.text(language))（1 / \(form.steps.count)：\(step.title.text(language))）"])
            let post = try XCTUnwrap(page.first("form", "action", "/132152/forms/move-out"))
            XCTAssertEqual(post["method"], "post")
            XCTAssertNil(post["enctype"], "no file field on this step")
            // moving_members is shown only when some members move.
            XCTAssertEqual(page.fieldNames(in: post), ["_csrf", "idempotency_key", "step", "v.move_date", "v.new_address", "v.household_moving"])
            XCTAssertEqual(post.first("input", "name", "step")?["value"], "0")
            for field in step.fields where field.id != "moving_members" {
                XCTAssertEqual(page.label(of: "v." + field.id), field.label.text(language) + required)
            }
            XCTAssertEqual(post.first("select", "name", "v.household_moving")?.all("option").compactMap { $0["value"] }, ["", "all", "some"])
            XCTAssertEqual(post.all("button").compactMap { $0["value"] }, ["next", "save"])
        }
    }

    /// Values come back escaped in their fields, a conditional field appears with its condition, and
    /// each problem is listed with a link to its field.
    func testValuesAndProblemsComeBackOnTheirFields() throws {
        let problem = FieldProblem(field: "moving_members", message: LocalizedText(ja: "「転出する方の氏名（全員）」を入力してください",
                                                                                 en: "Enter the names of those moving"))
        let values = MoveOutApplication.values(moveDate: "2026-12-01", ["household_moving": "some", "new_address": #"立川市 "<b>"#])
        let model = FormsPage.Model(form: form, stepIndex: 0, values: values, problems: [problem], idempotencyKey: "key-view-0000000002")
        let page = try ParsedPage(FormsPage.step(model, context: viewContext(.ja, path: "/132152/forms/move-out")))
        page.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(page.first("input", "name", "v.new_address")?["value"], #"立川市 "<b>"#)
        XCTAssertTrue(page.all("b").isEmpty)
        XCTAssertEqual(page.first("select", "name", "v.household_moving")?.first("option", "selected", "selected")?["value"], "some")
        XCTAssertNotNil(page.first("input", "name", "v.moving_members"))
        XCTAssertEqual(page.first("input", "name", "v.moving_members")?["aria-invalid"], "true")
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertEqual(alert.first("a")?["href"], "#v.moving_members")
        XCTAssertTrue(alert.text.contains("「転出する方の氏名（全員）」を入力してください"))
        // Answers of the later step ride along in hidden fields.
        XCTAssertEqual(page.first("input", "name", "v.email")?["type"], "hidden")
    }

    /// The receipt shows the number and, once, the secret; a replay shows the number only.
    func testTheReceiptShowsTheSecretOnceAndAReplayDoesNot() throws {
        for (language, heading) in [(UILanguage.ja, "申請を受け付けました"), (.en, "Application received")] {
            let fresh = FormSubmissions.Receipt(receiptNumber: "20261129-ABC234", secret: "s3cret-value", replayed: false)
            let page = try ParsedPage(FormsPage.receipt(fresh, form: form, idempotencyKey: "key-view-0000000003",
                                                        context: viewContext(language, path: "/132152/forms/move-out")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            XCTAssertEqual(page.first("strong", "id", "receipt-number")?.text, "20261129-ABC234")
            XCTAssertEqual(page.first("strong", "id", "receipt-secret")?.text, "s3cret-value")
            let status = try XCTUnwrap(page.first("form", "action", "/132152/forms/status"))
            XCTAssertEqual(page.fieldNames(in: status), ["_csrf", "receipt_number", "secret"])

            let replay = FormSubmissions.Receipt(receiptNumber: "20261129-ABC234", secret: nil, replayed: true)
            let again = try ParsedPage(FormsPage.receipt(replay, form: form, idempotencyKey: "key-view-0000000003",
                                                         context: viewContext(language, path: "/132152/forms/move-out")))
            again.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(again.first("strong", "id", "receipt-number")?.text, "20261129-ABC234")
            XCTAssertNil(again.first("strong", "id", "receipt-secret"))
            XCTAssertNil(again.first("form", "action", "/132152/forms/status"))
            XCTAssertTrue(again.main!.text.contains(FormsPage.replayedText.text(language)))
        }
    }
}
