import MadoguchiCore
@testable import WebApp
import XCTest

/// The staff sign-in form: its fields, labels and the problem that names the field.
final class StaffLoginViewTests: XCTestCase {
    func testTheSignInFormHasLabelledFieldsAndTheCSRFTokenInBothLanguages() throws {
        for (language, heading, labels) in [(UILanguage.ja, "職員ログイン", ["ログイン名", "パスワード"]),
                                            (.en, "Staff sign-in", ["Login name", "Password"])] {
            let page = try ParsedPage(StaffLoginPage.render(loginName: "", problem: nil,
                                                            context: viewContext(language, path: "/132152/staff/login")))
            page.assertWellFormedPage(lang: language.rawValue)
            XCTAssertEqual(page.h1, [heading])
            let form = try XCTUnwrap(page.first("form", "action", "/132152/staff/login"))
            XCTAssertEqual(form["method"], "post")
            XCTAssertEqual(page.fieldNames(in: form), ["_csrf", "login_name", "password"])
            XCTAssertEqual(form.first("input", "name", "_csrf")?["value"], "test-csrf-token")
            XCTAssertEqual(form.first("input", "name", "password")?["type"], "password")
            XCTAssertEqual(form.first("input", "name", "password")?["autocomplete"], "current-password")
            let ids = ["login_name", "password"].compactMap { form.first("input", "name", $0)?["id"] }
            XCTAssertEqual(ids.compactMap { page.label(of: $0) }, labels)
            XCTAssertNil(page.first("div", "role", "alert"))
        }
    }

    /// A refused sign-in keeps the name typed, escaped, and announces the problem in Japanese.
    func testAProblemIsAnnouncedAndTheTypedNameKeptEscaped() throws {
        let problem = FieldProblem(field: "login_name", message: UIStrings.invalidCredentials)
        let page = try ParsedPage(StaffLoginPage.render(loginName: #"o"brien<script>"#, problem: problem,
                                                        context: viewContext(.ja, path: "/132152/staff/login")))
        page.assertWellFormedPage(lang: "ja")
        let alert = try XCTUnwrap(page.first("div", "role", "alert"))
        XCTAssertTrue(alert.text.contains(UIStrings.invalidCredentials.ja), alert.text)
        XCTAssertEqual(alert.first("a")?["href"], "#login_name")
        XCTAssertEqual(page.first("input", "name", "login_name")?["value"], #"o"brien<script>"#)
        XCTAssertTrue(page.all("script").isEmpty, "the typed text is not markup")
    }
}
