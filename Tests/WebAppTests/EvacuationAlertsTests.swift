import FluentKit
import Foundation
import MadoguchiCore
import Notices
@testable import WebApp
import XCTest
import XCTVapor

/// Evacuation alerts over HTTP: the banner on every public page, CAP 1.2 messages checked against
/// the OASIS schema, the Atom index, and refusals.
final class EvacuationAlertsTests: XCTestCase {
    func testAnActiveAlertIsABannerOnEveryPublicPageUntilLifted() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let issued = try await admin.postPairs("/132152/staff/alerts", [("level", "4"), ("areas[]", "naka-1"), ("areas[]", "naka-2")])
        XCTAssertEqual(issued.status, .seeOther, issued.body.string)
        for path in ["/132152/", "/132152/notices", "/132152/alerts", "/132152/dataset", "/132152/privacy", "/132152/life-events"] {
            let page = try await test.app.sendRequest(.GET, path)
            XCTAssertEqual(page.status, .ok, path)
            let html = page.body.string
            XCTAssertTrue(html.contains("<div class=\"alert-banner\" role=\"alert\">"), path)
            XCTAssertTrue(html.contains("警戒レベル4 避難指示"), path)
            XCTAssertTrue(html.contains("中一丁目、中二丁目"), path)
        }
        let english = try await test.app.sendRequest(.GET, "/132152/?lang=en").body.string
        XCTAssertTrue(english.contains("Alert level 4: Evacuation order"))
        let otherCity = try await test.app.sendRequest(.GET, "/132233/").body.string
        XCTAssertFalse(otherCity.contains("role=\"alert\""), "only the issuing city's pages")

        let found = try await EvacuationAlert.query(on: test.app.db).first()
        let alert = try XCTUnwrap(found)
        let lifted = try await admin.postPairs("/132152/staff/alerts/\(alert.id!.uuidString.lowercased())/lift", [])
        XCTAssertEqual(lifted.status, .seeOther)
        let after = try await test.app.sendRequest(.GET, "/132152/").body.string
        XCTAssertFalse(after.contains("role=\"alert\""))
        let page = try await test.app.sendRequest(.GET, "/132152/alerts").body.string
        XCTAssertTrue(page.contains("警戒レベル4 避難指示 解除"), "the lift stays listed for a day")
    }

    func testEveryCAPMessageIsValidAgainstTheOASISSchemaAndTheIndexLinksThem() async throws {
        try PythonPeer.require(modules: "xmlschema", missing: "xmlschema (pip install -r Tests/WebAppTests/python/requirements.txt)")
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        _ = try await admin.postPairs("/132152/staff/alerts", [("level", "3"), ("areas[]", "yaho"), ("instruction", "避難所<中学校>へ & 早めに")])
        _ = try await admin.postPairs("/132152/staff/alerts", [("level", "4"), ("areas[]", "naka-1"), ("households", "12"), ("people", "30")])
        let found = try await EvacuationAlert.query(on: test.app.db).filter(\.$levelRaw == 4).first()
        let alert = try XCTUnwrap(found)
        let path = "/132152/staff/alerts/\(alert.id!.uuidString.lowercased())"
        let awaited1 = try await admin.postPairs(path, [("level", "5"), ("areas[]", "naka-1"), ("areas[]", "naka-2")]).status
        XCTAssertEqual(awaited1, .seeOther)
        let awaited2 = try await admin.postPairs(path + "/lift", []).status
        XCTAssertEqual(awaited2, .seeOther)

        let messages = try await AlertMessage.query(on: test.app.db).sort(\.$sent).all()
        XCTAssertEqual(messages.count, 4)
        var documents: [String] = []
        for message in messages {
            let response = try await test.app.sendRequest(.GET, "/132152/alerts/cap/\(message.id!.uuidString.lowercased()).xml")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers.first(name: .contentType), "application/cap+xml; charset=utf-8")
            let document = response.body.string
            XCTAssertEqual(document, message.document, "served byte for byte as issued")
            XCTAssertNil(document.range(of: #"\d\d:\d\d:\d\dZ"#, options: .regularExpression), "no Z times")
            XCTAssertNotNil(document.range(of: #"<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00</sent>"#, options: .regularExpression))
            documents.append(document)
        }
        XCTAssertTrue(documents[0].contains("避難所&lt;中学校&gt;へ &amp; 早めに"))
        let (status, output) = try await runPythonOnDocuments("Tests/WebAppTests/python/validate_cap.py", documents, suffix: "xml")
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(output.components(separatedBy: "VALID ").count - 1, 4, output)
        // The validator does fail on a message that breaks the schema (a Z time, a wrong msgType).
        let broken = documents[1].replacingOccurrences(of: "+09:00</sent>", with: "Z</sent>").replacingOccurrences(of: "<msgType>Alert", with: "<msgType>Warning")
        let probe = try await runPythonOnDocuments("Tests/WebAppTests/python/validate_cap.py", [broken], suffix: "xml")
        XCTAssertEqual(probe.status, 1, probe.output)
        XCTAssertTrue(probe.output.contains("INVALID"))

        // The update and the cancellation reference the earlier messages of their alert.
        let ofAlert = messages.filter { $0.alertID == alert.id }
        XCTAssertEqual(ofAlert.map(\.messageType), [.alert, .update, .cancel])
        XCTAssertTrue(ofAlert[2].document.contains(ofAlert[0].identifier) && ofAlert[2].document.contains(ofAlert[1].identifier))

        // The Atom index lists the current message of each alert, linking its stable URL.
        let index = try await test.app.sendRequest(.GET, "/132152/alerts/cap.atom")
        XCTAssertEqual(index.status, .ok)
        let body = index.body.string
        XCTAssertTrue(body.contains("rel=\"self\""))
        for current in [messages.first { $0.alertID != alert.id }!, ofAlert[2]] {
            XCTAssertTrue(body.contains("/132152/alerts/cap/\(current.id!.uuidString.lowercased()).xml"))
        }
        XCTAssertFalse(body.contains(ofAlert[0].id!.uuidString.lowercased()), "superseded messages are not current")
        // A feed reader reads the index: two entries, each linking a CAP document.
        if (try? PythonPeer.require(modules: "feedparser", missing: "feedparser")) != nil {
            let (readStatus, readOutput) = try await runPythonOnDocuments("Tests/WebAppTests/python/read_feed.py", [body], suffix: "atom")
            XCTAssertEqual(readStatus, 0, readOutput)
            XCTAssertTrue(readOutput.contains("\"version\": \"atom10\""), readOutput)
            XCTAssertEqual(readOutput.components(separatedBy: "\"type\": \"application/cap+xml\", \"href\": \"http").count - 1, 2, readOutput)
            XCTAssertEqual(readOutput.components(separatedBy: "/132152/alerts/cap/").count - 1, 2, readOutput)
        }
        let etag = try XCTUnwrap(index.headers.first(name: .eTag))
        let awaited3 = try await test.app.sendRequest(.GET, "/132152/alerts/cap.atom", headers: ["If-None-Match": etag]).status
        XCTAssertEqual(awaited3, .notModified)
        // Another city's message is not served here.
        let awaited4 = try await test.app.sendRequest(.GET, "/132233/alerts/cap/\(messages[0].id!.uuidString.lowercased()).xml").status
        XCTAssertEqual(awaited4, .notFound)
    }

    func testAnAlertWithoutAreaOrLevelIsRefusedNamingTheFieldAndOnlyEmergencyStaffIssue() async throws {
        let test = try await makeTestApp()
        let admin = try await test.signedIn("municipality_administrator")
        try await test.addNoticeAreas(by: admin)
        let refused = try await admin.postPairs("/132152/staff/alerts", [("level", ""), ("households", "-5"), ("instruction", "残る指示")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        for message in ["「警戒レベル」を選んでください", "「対象地区」を1つ以上選んでください", "「対象世帯数」"] {
            XCTAssertTrue(refused.body.string.contains(message), message)
        }
        XCTAssertTrue(refused.body.string.contains("残る指示"), "what was typed comes back")
        let staff = try await test.signedIn("department_staff")
        let forbidden = try await staff.postPairs("/132152/staff/alerts", [("level", "4"), ("areas[]", "naka-1")])
        XCTAssertEqual(forbidden.status, .forbidden)
        let count = try await EvacuationAlert.query(on: test.app.db).count()
        XCTAssertEqual(count, 0)
        let home = try await test.app.sendRequest(.GET, "/132152/").body.string
        XCTAssertFalse(home.contains("role=\"alert\""))
    }
}
