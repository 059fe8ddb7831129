import Counter
import Forms
import Foundation
import MadoguchiCore
import XCTest

final class FormDefinitionTests: XCTestCase {
    let today = CivilDate(iso: "2026-11-22")!

    func testDemoFormsLoadAndFileProceduresOfTheInventory() throws {
        let forms = try FormCatalog.load()
        XCTAssertGreaterThanOrEqual(forms.forms.count, 5)
        XCTAssertNotNil(forms.form(forProcedure: "child_allowance_certification"))
        XCTAssertNotNil(forms.form(forProcedure: "care_certification"))
        let inventory = try LifeEventCatalog.load()
        for form in forms.forms {
            XCTAssertNotNil(inventory.procedure(form.procedureID), "\(form.id) files an unknown procedure")
        }
    }

    func testMalformedFormsAreRefusedByName() {
        let bad = #"""
            {"id": "x", "procedureID": "p", "title": {"ja": "x", "en": "x"}, "version": 1, "identityLevel": "none", "feeYen": 0,
            "steps": [{"id": "s", "title": {"ja": "s", "en": "s"}, "fields": [
              {"id": "a", "type": "text", "label": {"ja": "a", "en": "a"}, "showIf": {"field": "b", "equals": ["x"]}},
              {"id": "b", "type": "choice", "label": {"ja": "b", "en": "b"}}]}]}
            """#
        XCTAssertThrowsError(try FormCatalog.load(files: [("x.json", Data(bad.utf8))])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("x.a: showIf names b"), text)
            XCTAssertTrue(text.contains("x.b: a choice field needs choices"), text)
        }
    }

    private func field(_ form: String, _ id: String) throws -> FormField {
        try XCTUnwrap(try FormCatalog.load().form(form)?.field(id))
    }

    private func normalized(_ raw: String, _ field: FormField) -> String? {
        if case .success(let v) = FieldValueValidator.normalize(raw, for: field, today: today) { return v }
        return nil
    }

    private func problem(_ raw: String, _ field: FormField) -> String? {
        if case .failure(let p) = FieldValueValidator.normalize(raw, for: field, today: today) { return p.message.ja }
        return nil
    }

    func testFieldTypesNormaliseOrNameTheField() throws {
        let kana = try field("child-allowance-certification", "name_kana")
        XCTAssertEqual(normalized("やまだ　はなこ", kana), "ヤマダ　ハナコ")
        XCTAssertTrue(problem("山田", kana)?.contains("「フリガナ」はカタカナ") ?? false)

        let birth = try field("child-allowance-certification", "birth_date")
        XCTAssertEqual(normalized("平成2年4月1日", birth), "1990-04-01")
        XCTAssertEqual(normalized("１９９０-０４-０１", birth), "1990-04-01")
        XCTAssertNotNil(problem("1990-02-30", birth))

        let postal = try field("child-allowance-certification", "postal_code")
        XCTAssertEqual(normalized("１８６８５０１", postal), "186-8501")
        XCTAssertNotNil(problem("18685", postal))

        let phone = try field("child-allowance-certification", "phone")
        XCTAssertEqual(normalized("042-576-2111", phone), "0425762111")
        XCTAssertNotNil(problem("576-2111", phone))

        let email = try field("child-allowance-certification", "email")
        XCTAssertNil(problem("hanako@example.jp", email))
        XCTAssertNotNil(problem("hanako@", email))

        let myNumber = try field("child-allowance-certification", "my_number")
        XCTAssertNotNil(problem("123456789012", myNumber), "wrong check digit")
        XCTAssertTrue(problem("", myNumber)?.contains("「請求者の個人番号」を入力してください") ?? false)

        let count = try field("child-allowance-certification", "child_count")
        XCTAssertNotNil(problem("0", count))
        XCTAssertEqual(normalized("２", count), "2")
    }

    func testShowConditionsAndWholeFormValidation() throws {
        let form = try XCTUnwrap(try FormCatalog.load().form("care-certification"))
        let step = try XCTUnwrap(form.steps.last)
        let without = FormStepValidator.validate(step, input: ["in_hospital": "no", "doctor": "佐藤医師", "applicant_relation": "self",
                                                               "contact_phone": "0425762111", "email": "a@example.jp"], earlier: [:], today: today)
        XCTAssertEqual(without.problems, [], "the facility is only asked when in hospital")
        let with = FormStepValidator.validate(step, input: ["in_hospital": "yes", "doctor": "佐藤医師", "applicant_relation": "self",
                                                            "contact_phone": "0425762111", "email": "a@example.jp"], earlier: [:], today: today)
        XCTAssertEqual(with.problems.map(\.field), ["facility_name"])
    }

    func testUploadsAreCheckedByContentAndSize() throws {
        let receipt = try field("funeral-expenses", "funeral_receipt")
        XCTAssertNil(UploadCheck.check(Data("%PDF-1.7\n".utf8), for: receipt))
        XCTAssertNotNil(UploadCheck.check(Data("<html><script>".utf8), for: receipt), "an HTML page renamed .pdf")
        XCTAssertNotNil(UploadCheck.check(Data([0x4D, 0x5A, 0x90, 0x00]), for: receipt), "an executable")
        XCTAssertNotNil(UploadCheck.check(Data("%PDF-".utf8) + Data(count: receipt.maxBytes), for: receipt), "over the limit")
    }
}

final class SignedContentTests: XCTestCase {
    func testCanonicalContentIsIndependentOfInsertionOrder() throws {
        var a: [String: String] = [:]
        a["name"] = "山田 花子"; a["address"] = "東京都国立市"
        var b: [String: String] = [:]
        b["address"] = "東京都国立市"; b["name"] = "山田 花子"
        XCTAssertEqual(try SignedContent.canonical(a), try SignedContent.canonical(b))
        XCTAssertEqual(String(decoding: try SignedContent.canonical(a), as: UTF8.self), #"{"address":"東京都国立市","name":"山田 花子"}"#)
    }
}
