import Catalog
import Foundation
import MadoguchiCore
@testable import WebApp
import XCTest

/// One dataset's staff page and a resource's validation report as functions: the state, the
/// metadata form, the resources with their validate and protect forms, upload and publishing.
final class StaffDatasetDetailViewTests: XCTestCase {
    let aed = StandardDatasetLibrary.shared.schema(named: "aed")!
    let datasetID = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
    let resourceID = UUID(uuidString: "66666666-7777-4888-8999-AAAAAAAAAAAA")!
    var base: String { "/132152/staff/datasets/11111111-2222-4333-8444-555555555555" }
    var resourcePath: String { base + "/resources/66666666-7777-4888-8999-aaaaaaaaaaaa" }

    func dataset(state: Catalog.Dataset.State) -> Catalog.Dataset {
        let d = Catalog.Dataset()
        d.id = datasetID
        d.name = "aed"
        d.title = "AED設置場所 <一覧>"
        d.notes = "市内のAED"
        d.licenseID = "cc-by-4.0"
        d.tagsText = "防災;AED"
        d.categoriesText = "health"
        d.state = state
        d.standardDataset = "aed"
        return d
    }

    func resources() -> [Catalog.Resource] {
        let csv = Catalog.Resource(), pdf = Catalog.Resource()
        csv.id = resourceID; csv.name = "aed.csv"; csv.format = "CSV"; csv.size = 2048; csv.sha256 = "abc"
        csv.conformsTo = "aed"; csv.conformity = ValidationReport.Verdict.conforms.rawValue
        pdf.id = UUID(); pdf.name = "map.pdf"; pdf.format = "PDF"; pdf.size = nil; pdf.sha256 = nil
        return [csv, pdf]
    }

    func model(state: Catalog.Dataset.State, findings: [FieldProblem] = [], canEdit: Bool, canPublish: Bool, canOverride: Bool)
        -> StaffDatasetsPage.Detail {
        let health = Category(municipalityID: UUID(), name: "health", title: "健康・福祉"), safety = Category(municipalityID: UUID(), name: "safety", title: "防災")
        return StaffDatasetsPage.Detail(dataset: dataset(state: state), resources: resources(), categories: [health, safety], findings: findings,
                                        problems: [], notice: nil, canEdit: canEdit, canPublish: canPublish, canOverride: canOverride)
    }

    /// An editor sees the metadata form filled in, every resource, the CSV's validate and protect
    /// forms, the upload form and the publish form, and no privacy officer's approval.
    func testAnEditorsDraftHasTheMetadataResourcesUploadAndPublishForms() throws {
        for (language, state, titleLabel) in [(UILanguage.ja, "状態：下書き", "名称"), (.en, "State: draft", "Title")] {
            let page = try ParsedPage(StaffDatasetsPage.detail(model(state: .draft, canEdit: true, canPublish: true, canOverride: false),
                                                               context: viewContext(language, path: base, staff: "editor")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, ["AED設置場所 <一覧>"])
            XCTAssertTrue(page.main!.text.contains(state))

            let metadata = try XCTUnwrap(page.first("form", "action", base))
            XCTAssertEqual(page.fieldNames(in: metadata), ["_csrf", "title", "notes", "tags", "license_id", "categories[]", "update_frequency",
                                                           "spatial", "temporal_start", "temporal_end", "contact_name", "contact_email",
                                                           "contact_phone", "standard_dataset"])
            XCTAssertEqual(page.label(of: "title"), titleLabel)
            XCTAssertEqual(metadata.first("input", "name", "title")?["value"], "AED設置場所 <一覧>")
            XCTAssertEqual(metadata.first("textarea", "name", "notes")?.text, "市内のAED")
            XCTAssertEqual(metadata.first("input", "name", "tags")?["value"], "防災、AED")
            XCTAssertEqual(metadata.first("select", "name", "license_id")?.first("option", "selected", "selected")?["value"], "cc-by-4.0")
            XCTAssertEqual(metadata.all("input", "name", "categories[]").map { $0["checked"] }, ["checked", nil])
            XCTAssertEqual(page.label(of: "category-safety"), "防災")
            XCTAssertEqual(metadata.first("select", "name", "standard_dataset")?.first("option", "selected", "selected")?["value"], "aed")

            let items = try XCTUnwrap(page.main?.all("ul").last).all("li")
            XCTAssertEqual(items.count, 2)
            XCTAssertTrue(items[0].text.hasPrefix("aed.csv（CSV、2048バイト）"))
            XCTAssertTrue(items[0].text.contains("［aed：\(ValidationReport.Verdict.conforms.label.text(language))］"))
            XCTAssertTrue(items[1].text.hasPrefix("map.pdf（PDF、リンク）"))
            XCTAssertTrue(items[1].all("form").isEmpty, "only a stored CSV can be validated or protected")
            let validate = try XCTUnwrap(items[0].first("form", "action", resourcePath + "/validate"))
            XCTAssertEqual(page.fieldNames(in: validate), ["_csrf", "schema"])
            XCTAssertEqual(validate.first("select")?.first("option", "selected", "selected")?["value"], "aed")
            XCTAssertNotNil(items[0].first("form", "action", resourcePath + "/protect"))

            let upload = try XCTUnwrap(page.first("form", "action", base + "/resources"))
            XCTAssertEqual(upload["enctype"], "multipart/form-data")
            XCTAssertEqual(upload.first("input", "name", "file")?["type"], "file")
            XCTAssertNotNil(page.first("form", "action", base + "/publish"))
            XCTAssertNil(page.first("form", "action", base + "/publish-override"))
        }
    }

    /// When the guard stopped publication the findings are announced; a privacy officer (without
    /// edit rights) gets only the approval form with a labelled reason.
    func testFindingsStopPublicationAndThePrivacyOfficerMayApproveWithAReason() throws {
        let finding = FieldProblem(field: "aed.csv", message: LocalizedText(ja: "aed.csv: 3行目に電話番号らしき値があります", en: "aed.csv: row 3 looks like a phone number"))
        for (language, heading, reason) in [(UILanguage.ja, "個人情報の可能性があるため公開を止めました", "公開を認める理由（監査ログに記録されます）"),
                                            (.en, "Publication stopped: possible personal information", "Reason (recorded in the audit log)")] {
            let page = try ParsedPage(StaffDatasetsPage.detail(model(state: .draft, findings: [finding], canEdit: false, canPublish: false, canOverride: true),
                                                               context: viewContext(language, path: base, staff: "privacy")))
            page.assertWellFormedPage(lang: language.rawValue)
            let alert = try XCTUnwrap(page.first("div", "role", "alert"))
            XCTAssertEqual(alert.first("h2")?.text, heading)
            XCTAssertEqual(alert.all("li").map(\.text), [finding.message.text(language)])
            XCTAssertNil(page.first("form", "action", base), "no metadata form without edit rights")
            XCTAssertNil(page.first("form", "action", base + "/resources"))
            XCTAssertNil(page.first("form", "action", resourcePath + "/protect"))
            XCTAssertNotNil(page.first("form", "action", resourcePath + "/validate"), "anyone on the page may validate")
            XCTAssertNil(page.first("form", "action", base + "/publish"))
            let approve = try XCTUnwrap(page.first("form", "action", base + "/publish-override"))
            XCTAssertEqual(page.fieldNames(in: approve), ["_csrf", "reason"])
            XCTAssertEqual(page.label(of: "reason"), reason)
        }
        let published = try ParsedPage(StaffDatasetsPage.detail(model(state: .published, canEdit: true, canPublish: true, canOverride: true),
                                                                context: viewContext(.ja, path: base, staff: "admin")))
        XCTAssertTrue(published.main!.text.contains("状態：公開中"))
        XCTAssertNil(published.first("form", "action", base + "/publish"))
        XCTAssertNil(published.first("form", "action", base + "/publish-override"))
    }

    /// The report states the verdict with its counts and lists every problem by row and column; a
    /// Shift_JIS file is offered the conversion.
    func testTheValidationReportListsProblemsByRowAndColumnAndOffersConversion() throws {
        let header = aed.columnNames.joined(separator: ",")
        let row = aed.columnNames.map { $0 == "名称" ? "" : $0 == "NO" ? "1" : $0 == "都道府県コード又は市区町村コード" ? "132152" : "" }.joined(separator: ",")
        let report = CSVValidator().validate((header + "\r\n" + row + "\r\n").data(using: .shiftJIS)!, against: aed)
        XCTAssertEqual(report.verdict, .doesNotConform)
        XCTAssertTrue(report.canConvertToUTF8)
        for (language, heading, columns) in [(UILanguage.ja, "検査結果：\(aed.title)", ["行", "列", "重要度", "内容"]),
                                             (.en, "Validation: \(aed.title)", ["Row", "Column", "Severity", "Problem"])] {
            let page = try ParsedPage(StaffDatasetsPage.report(report, schema: aed, datasetPath: base, resourceID: resourceID,
                                                               context: viewContext(language, path: resourcePath + "/validate", staff: "editor")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let verdict = try XCTUnwrap(page.first("p", "role", "status"))
            XCTAssertEqual(verdict["class"], "problems")
            XCTAssertEqual(verdict.first("strong")?.text, ValidationReport.Verdict.doesNotConform.label.text(language))
            XCTAssertTrue(verdict.text.contains(language == .ja ? "エラー\(report.errorCount)件" : "\(report.errorCount) errors"))
            XCTAssertEqual(page.fieldNames(in: page.first("form", "action", resourcePath + "/convert")), ["_csrf"])
            XCTAssertEqual(page.first("thead")?.all("th").map(\.text), columns)
            let rows = try XCTUnwrap(page.first("tbody")).all("tr")
            XCTAssertEqual(rows.count, report.issues.count)
            XCTAssertTrue(rows.contains { $0.all("td").map(\.text).prefix(2) == ["2", "名称"] }, "the missing name on row 2")
            XCTAssertEqual(page.links.last, base)
        }
        let clean = CSVValidator().validate(Data((header + "\r\n").utf8), against: aed)
        let page = try ParsedPage(StaffDatasetsPage.report(clean, schema: aed, datasetPath: base, resourceID: resourceID, context: viewContext(.en)))
        XCTAssertNil(page.first("form", "action", resourcePath + "/convert"), "UTF-8 needs no conversion")
        XCTAssertNil(page.first("tbody"))
        XCTAssertEqual(clean.issues.isEmpty, page.main!.text.contains("No problems found."))
    }
}
