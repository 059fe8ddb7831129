import Catalog
import MadoguchiCore
@testable import WebApp
import XCTest

/// The small administration screens as functions: departments, categories, municipalities, the
/// password change, the standard datasets, and a resident's disclosure-request acknowledgement.
final class StaffAdministrationViewTests: XCTestCase {
    let municipalityID = UUID()
    let problem = FieldProblem(field: "code", message: LocalizedText(ja: "「コード」を入力してください。", en: "Code: required."))

    func testDepartmentsListEachDepartmentAndOfferTheAddForm() throws {
        let departments = [Department(municipalityID: municipalityID, code: "bousai", name: "防災安全課", nameEnglish: "Disaster Prevention")]
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffDepartmentsPage.render(departments: departments, input: .init(), problem: problem,
                                                                  context: viewContext(language, path: "/132152/staff/departments", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.main?.all("td").map(\.text), ["bousai", language == .ja ? "防災安全課" : "Disaster Prevention"])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/departments"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "code", "name", "name_en"])
            XCTAssertEqual(form.first("p", "class", "field-problem")?.text, problem.message.text(language))
        }
    }

    func testCategoriesListEachCategoryAndOfferTheAddForm() throws {
        let categories = [Category(municipalityID: municipalityID, name: "disaster-prevention", title: "防災")]
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffCategoriesPage.render(categories: categories, input: .init(name: "<b>", title: nil), problem: nil,
                                                                 context: viewContext(language, path: "/132152/staff/categories", staff: "admin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.main?.all("li").map(\.text), ["防災（disaster-prevention）"])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/categories"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "name", "title"])
            XCTAssertEqual(form.first("input", "name", "name")?["value"], "<b>", "the typed value comes back, escaped")
        }
        let empty = try ParsedPage(StaffCategoriesPage.render(categories: [], input: .init(), problem: nil, context: viewContext(.en)))
        XCTAssertTrue(empty.main!.text.contains("No categories yet."))
    }

    func testMunicipalitiesListThoseServedAndOfferTheAddForm() throws {
        let served = [Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76_000)]
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffMunicipalitiesPage.render(municipalities: served, input: .init(), problems: [problem],
                                                                     context: viewContext(language, path: "/132152/staff/municipalities", staff: "sysadmin")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertTrue(page.main!.all("td").map(\.text).contains("132152"))
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/municipalities"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "code", "name", "name_en", "prefecture", "population", "fiscal_year_start_month"])
            XCTAssertEqual(form.first("input", "name", "fiscal_year_start_month")?["value"], "4", "April is offered as the start of the fiscal year")
        }
    }

    func testThePasswordFormAsksForTheCurrentAndTheNewPassword() throws {
        for language in UILanguage.allCases {
            let page = try ParsedPage(StaffPasswordPage.render(problem: nil, notice: "changed", context: viewContext(language, path: "/132152/staff/password", staff: "clerk")))
            page.assertWellFormedPage(lang: language.rawValue)
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/password"))
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "current_password", "new_password"])
            XCTAssertEqual(form.first("input", "name", "current_password")?["autocomplete"], "current-password")
            XCTAssertEqual(form.first("input", "name", "new_password")?["autocomplete"], "new-password")
            XCTAssertTrue(page.main!.text.contains("changed"), "the notice is shown")
        }
    }

    func testTheStandardsListOffersEachTemplateAndSchema() throws {
        let schemas = StandardDatasetLibrary.shared.schemas
        for language in UILanguage.allCases {
            let page = try ParsedPage(StandardsPage.render(schemas: schemas, context: viewContext(language, path: "/132152/standards")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.main?.all("tbody").first?.all("tr").count, schemas.count)
            let aed = try XCTUnwrap(schemas.first { $0.name.contains("aed") })
            XCTAssertTrue(page.links.contains("/132152/standards/\(aed.name)/template.csv"))
            XCTAssertTrue(page.links.contains("/132152/standards/\(aed.name)/schema.json"))
        }
    }

    func testTheDisclosureRequestAcknowledgementGivesTheReference() throws {
        for language in UILanguage.allCases {
            let page = try ParsedPage(PrivacyRequestReceivedPage.render(reference: "ab12cd34", context: viewContext(language, path: "/132152/privacy/requests/received")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.first("p", "role", "status")?.text.contains("AB12CD34"), true)
            XCTAssertEqual(page.h1, [language == .ja ? "請求を受け付けました" : "Your request was received"])
        }
    }
}
