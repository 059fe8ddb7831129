import Foundation
import MadoguchiCore
import Plot
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Text between tags goes through the one escaping point (`HTMLEscaping.text`, Sources/WebApp/Views/
/// EscapedAttributes.swift): tags, ampersands and quotes a value carries stay text on every page family
/// that writes it, and the views' `.text(…)` is the project's escaper, not Plot's.
final class TextEscapingTests: XCTestCase {
    static let hostile = #"<b>"Q" & 'q' &amp; &#60;</b>"#

    func testTextEscapingOfTagsAndAmpersands() {
        XCTAssertEqual(HTMLEscaping.text(Self.hostile), #"&lt;b&gt;"Q" &amp; 'q' &amp;amp; &amp;#60;&lt;/b&gt;"#)
        XCTAssertEqual(HTMLEscaping.text("国立市 plain（全角）"), "国立市 plain（全角）")
        XCTAssertEqual(HTMLEscaping.text(""), "")
        XCTAssertEqual(HTMLEscaping.text("&"), "&amp;")
        XCTAssertEqual(HTMLEscaping.text("末尾に<"), "末尾に&lt;")
        XCTAssertEqual(HTMLEscaping.attribute(Self.hostile), "&lt;b&gt;&quot;Q&quot; &amp; &#39;q&#39; &amp;amp; &amp;#60;&lt;/b&gt;")
        let long = String(repeating: "a<&>😀", count: 10_000)
        XCTAssertEqual(HTMLEscaping.text(long), String(repeating: "a&lt;&amp;&gt;😀", count: 10_000))
    }

    /// Plot's own escaper keeps `&lt;` as it is; the views' `.text` (here through `Layout.notice`) must
    /// write it as `&amp;lt;`.
    func testViewTextNodesUseTheEscapingPoint() {
        let notice: Node<HTML.BodyContext> = Layout.notice("&lt;x&gt; <y> & \"z\"")
        XCTAssertEqual(notice.render(), #"<p class="notice" role="status">&amp;lt;x&amp;gt; &lt;y&gt; &amp; "z"</p>"#)
    }

    /// A procedure a department renamed to a hostile name: the navigator's checklist (a POST screen
    /// computed per request) and the staff inventory show the name as text, tags and entities included.
    func testHostileProcedureNameStaysTextOnTheChecklistAndTheStaffPages() async throws {
        let test = try await makeTestApp()
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let page = try await staff.get("/132152/staff/procedures/seal_card_return")
        let definition = try XCTUnwrap(Self.textarea(page.body.string))
        let renamed = definition.replacingOccurrences(of: "印鑑登録証の返却", with: "印鑑登録証の返却" + Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))
        XCTAssertNotEqual(renamed, definition)
        let token = try await staff.csrfToken(from: "/132152/staff/procedures/seal_card_return")
        let saved = try await staff.post("/132152/staff/procedures/seal_card_return", form: ["_csrf": token, "definition": renamed])
        XCTAssertEqual(saved.status, .ok, saved.body.string)

        let escaped = "印鑑登録証の返却" + HTMLEscaping.text(Self.hostile)
        let list = try await staff.get("/132152/staff/procedures")
        XCTAssertTrue(list.body.string.contains(escaped), "the staff inventory")
        XCTAssertFalse(list.body.string.contains(Self.hostile))

        // The resident's checklist, reached by posting the navigator's screens back like a browser.
        var fields = ["q": "event_date", "answer": CivilDate.today().adding(days: -1).description, "go": "next"]
        var checklist = ""
        for _ in 0..<40 {
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let body = fields.map { "\(Browser.escape($0.key))=\(Browser.escape($0.value))" }.joined(separator: "&")
            let response = try await test.app.sendRequest(.POST, "/132152/life-events/death", headers: headers, body: ByteBuffer(string: body))
            XCTAssertEqual(response.status, .ok, response.body.string)
            let html = response.body.string
            fields = hiddenFields(html)
            if fields["q"] == "result" { checklist = html; break }
            // The first choice (「はい」 first, so the seal card applies), or a plausible typed value.
            let q = try XCTUnwrap(fields["q"])
            let choice = html.range(of: #"type="radio" id="answer-0" name="answer" value=""#).map { start in
                String(html[start.upperBound...].prefix { $0 != "\"" })
            }
            fields["answer"] = choice ?? (q.contains("birth") ? "1940-04-01" : q.contains("date") ? CivilDate.today().description : "1")
            fields["go"] = "next"
        }
        XCTAssertTrue(checklist.contains(escaped), "the checklist names the procedure as text")
        XCTAssertFalse(checklist.contains(Self.hostile), "no raw tag from the procedure's name")
        XCTAssertFalse(checklist.contains("<b>"))
    }

    private static func textarea(_ html: String) -> String? {
        guard let start = html.range(of: #"name="definition""#),
              let open = html.range(of: ">", range: start.upperBound..<html.endIndex),
              let close = html.range(of: "</textarea>", range: open.upperBound..<html.endIndex) else { return nil }
        return unescapeAttribute(String(html[open.upperBound..<close.lowerBound]))
    }
}
