import Foundation
import MadoguchiCore
import Vapor
import XCTVapor
import XCTest

/// The resident's navigator (`/{code}/life-events/…`), driven like a browser without JavaScript:
/// each screen's hidden fields are posted back with the answer.
final class LifeEventNavigatorTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    /// One screen: its hidden fields and the screen id (`q`).
    struct Screen {
        let html: String
        let status: HTTPStatus
        var fields: [String: String]
        var question: String? { fields["q"] }
        var isChecklist: Bool { fields["q"] == "result" }
    }

    static func screen(_ response: XCTHTTPResponse) -> Screen {
        let html = response.body.string
        var fields = hiddenFields(html)
        fields["_csrf"] = nil
        return Screen(html: html, status: response.status, fields: fields)
    }

    func submit(_ screen: Screen, answer: String, go: String = "next", event: String = "death") async throws -> Screen {
        var form = screen.fields
        form["answer"] = answer
        form["go"] = go
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = form.map { "\(Browser.escape($0.key))=\(Browser.escape($0.value))" }.joined(separator: "&")
        let response = try await test.app.sendRequest(.POST, "/132152/life-events/\(event)", headers: headers, body: ByteBuffer(string: body))
        XCTAssertNil(response.headers.first(name: .setCookie), "the navigator must not start a server-side session")
        return Self.screen(response)
    }

    func start(_ event: String = "death") async throws -> Screen {
        let response = try await test.app.sendRequest(.GET, "/132152/life-events/\(event)")
        XCTAssertEqual(response.status, .ok)
        return Self.screen(response)
    }

    /// Answers every question from `answers` (「わからない」 for the rest) until the checklist shows.
    func answerAll(from screen: Screen, _ answers: [String: String], event: String = "death") async throws -> Screen {
        var current = screen
        for _ in 0..<30 where !current.isChecklist {
            let q = try XCTUnwrap(current.question, current.html)
            current = try await submit(current, answer: answers[q] ?? "unknown", event: event)
            XCTAssertEqual(current.status, .ok, "answer to \(q) was refused: \(current.html)")
        }
        XCTAssertTrue(current.isChecklist)
        return current
    }

    func testIndexAndStartScreens() async throws {
        let index = try await test.app.sendRequest(.GET, "/132152/life-events")
        XCTAssertEqual(index.status, .ok)
        XCTAssertTrue(index.body.string.contains(#"href="/132152/life-events/death""#))
        let start = try await start()
        XCTAssertTrue(start.html.contains("亡くなった日"))
        XCTAssertEqual(start.question, "event_date")
        let missing = try await test.app.sendRequest(.GET, "/132152/life-events/wedding")
        XCTAssertEqual(missing.status, .notFound)
    }

    func testImpossibleAnswersComeBackOnTheSameScreenWithTheFieldNamed() async throws {
        let first = try await start()
        let empty = try await submit(first, answer: "")
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.html.contains("「亡くなった日」を入力してください"))
        let future = try await submit(first, answer: CivilDate.today().adding(days: 3).description)
        XCTAssertEqual(future.status, .unprocessableEntity)
        XCTAssertTrue(future.html.contains("未来の日付"))
        XCTAssertEqual(future.question, "event_date")

        let eventDate = CivilDate.today().adding(days: -3)
        let birthScreen = try await submit(first, answer: eventDate.description)
        XCTAssertEqual(birthScreen.question, "deceased_birth_date")
        // Born after the death: refused on the same screen, the typed value kept.
        let bornLater = try await submit(birthScreen, answer: CivilDate.today().adding(days: -1).description)
        XCTAssertEqual(bornLater.status, .unprocessableEntity)
        XCTAssertEqual(bornLater.question, "deceased_birth_date")
        XCTAssertTrue(bornLater.html.contains("より後になっています"), bornLater.html)
        XCTAssertTrue(bornLater.html.contains(#"aria-invalid="true""#))
        // 和暦 is accepted; the age is derived, so the age question is skipped.
        let next = try await submit(birthScreen, answer: "昭和25年4月1日")
        XCTAssertEqual(next.status, .ok)
        XCTAssertEqual(next.fields["fact.deceased_birth_date"], "1950-04-01")
        XCTAssertEqual(next.question, "deceased_was_householder")
        // A negative count is refused with the field named.
        let householder = try await submit(next, answer: "yes")
        XCTAssertEqual(householder.question, "household_members_15_plus_remaining")
        let negative = try await submit(householder, answer: "-2")
        XCTAssertEqual(negative.status, .unprocessableEntity)
        XCTAssertTrue(negative.html.contains("負の数"))
    }

    func testFullBereavementFlowBackButtonAndPrint() async throws {
        let first = try await start()
        let eventDate = CivilDate.today().adding(days: -2)
        let afterDate = try await submit(first, answer: eventDate.description)
        let result = try await answerAll(from: afterDate, [
            "deceased_birth_date": "unknown", "deceased_age": "80", "deceased_was_householder": "yes",
            "household_members_15_plus_remaining": "2", "deceased_received_pension": "yes", "deceased_pension_type": "employees",
            "deceased_had_seal_registration": "yes", "funeral_held": "no", "deceased_owned_real_estate_in_city": "no",
            "deceased_received_child_allowance": "no", "died_abroad": "no",
        ])
        XCTAssertTrue(result.html.contains("おくやみの手続き一覧") || result.html.contains("の手続き一覧"))
        XCTAssertTrue(result.html.contains("死亡届・火葬許可申請"))
        XCTAssertTrue(result.html.contains("世帯主変更届"), "householder with two remaining adults")
        XCTAssertTrue(result.html.contains("後期高齢者医療"), "aged 80")
        XCTAssertFalse(result.html.contains("国民健康保険 資格喪失届"))
        XCTAssertTrue(result.html.contains("印鑑登録証の返却"))
        XCTAssertTrue(result.html.contains(Wareki.format(eventDate)), "the event date in 和暦")
        XCTAssertTrue(result.html.contains("持ち物"))
        XCTAssertTrue(result.html.contains("data-read-aloud"))

        // Back from the checklist: the last question again, its answer still selected.
        let back = try await submit(result, answer: "", go: "back")
        XCTAssertEqual(back.status, .ok)
        XCTAssertEqual(back.question, "funeral_held")
        XCTAssertTrue(back.html.contains(#"value="no" checked="checked""#), back.html)
        XCTAssertEqual(back.fields["fact.deceased_was_householder"], "yes", "earlier answers are kept")
        // Back again, then forward: nothing lost.
        let twoBack = try await submit(back, answer: "no", go: "back")
        XCTAssertEqual(twoBack.question, "died_abroad")
        let forward = try await submit(twoBack, answer: "no")
        XCTAssertEqual(forward.question, "funeral_held")
        XCTAssertTrue(forward.html.contains(#"value="no" checked="checked""#))

        let printable = try await submit(result, answer: "", go: "print")
        XCTAssertEqual(printable.status, .ok)
        XCTAssertTrue(printable.html.contains("印刷用の表示です"))
    }

    func testUnknownNeverHidesAProcedure() async throws {
        let first = try await start()
        let afterDate = try await submit(first, answer: CivilDate.today().adding(days: -1).description)
        let result = try await answerAll(from: afterDate, [:])
        // With every answer unknown, conditional procedures are listed under 要確認 with what to check.
        XCTAssertTrue(result.html.contains("要確認"))
        XCTAssertTrue(result.html.contains("確認すること"))
        XCTAssertTrue(result.html.contains("年金受給権者死亡届"))
        XCTAssertTrue(result.html.contains("印鑑登録証の返却"))
        XCTAssertTrue(result.html.contains(#"action="/132152/forms/funeral-expenses/prefill""#), "procedures with an online form link to it")
    }

    func testEnglishInterfaceAndMovingFlow() async throws {
        let response = try await test.app.sendRequest(.GET, "/132152/life-events/moving?lang=en")
        XCTAssertTrue(response.body.string.contains(#"lang="en""#))
        let first = Self.screen(response)
        let afterDate = try await submit(first, answer: CivilDate.today().adding(days: 7).description, event: "moving")
        XCTAssertEqual(afterDate.status, .ok, afterDate.html)
        let result = try await answerAll(from: afterDate, ["move_type": "move_in"], event: "moving")
        XCTAssertTrue(result.html.contains("転入"))
    }
}
