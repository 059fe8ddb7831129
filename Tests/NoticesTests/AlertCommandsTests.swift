import FluentKit
import Foundation
import MadoguchiCore
import Notices
import XCTest

/// Evacuation alerts and their CAP messages through the module's API.
final class AlertCommandsTests: XCTestCase {
    func testIssueUpdateLiftEachWriteACAPMessageThatReferencesTheEarlierOnes() async throws {
        let f = try await makeNoticesFixture()
        let commands = AlertCommands(audit: f.audit, publicURL: "https://city.example.jp/")
        let staff = Actor.staff(UUID())
        let alert = try await commands.issue(municipality: f.kunitachi, AlertInput(level: "4", areaCodes: ["naka-2", "naka-1"]), by: staff, on: f.database)
        XCTAssertTrue(alert.active)
        XCTAssertEqual(alert.areaCodes, ["naka-1", "naka-2"])
        XCTAssertEqual(alert.households, 2000, "summed from the areas")
        XCTAssertEqual(alert.people, 4200)
        var active = try await AlertQueries.allActive(on: f.database)
        XCTAssertEqual(active.map(\.level), [.evacuationOrder])
        XCTAssertEqual(active.first?.areaNames, ["中一丁目", "中二丁目"])

        _ = try await commands.update(alert.id!, municipality: f.kunitachi, AlertInput(level: "5", areaCodes: ["naka-1"], households: "10", people: "20"),
                                      by: staff, on: f.database)
        _ = try await commands.lift(alert.id!, municipality: f.kunitachi, by: staff, on: f.database)
        active = try await AlertQueries.allActive(on: f.database)
        XCTAssertTrue(active.isEmpty)
        do {
            _ = try await commands.lift(alert.id!, municipality: f.kunitachi, by: staff, on: f.database)
            XCTFail("lifted twice")
        } catch let error as NoticesError {
            XCTAssertEqual(error, .alreadyLifted)
        }

        let messages = try await AlertQueries.messages(ofAlert: alert.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(messages.map(\.messageType), [.alert, .update, .cancel])
        XCTAssertEqual(messages.map(\.issuance), ["発令", "発令", "解除"])
        XCTAssertEqual(messages.map(\.level), [4, 5, 5])
        XCTAssertEqual(messages.map(\.households), [2000, 10, 10])
        XCTAssertEqual(Set(messages.map(\.identifier)).count, 3)
        let sents = messages.map(\.sent)
        XCTAssertEqual(sents, sents.sorted())
        XCTAssertEqual(Set(sents).count, 3, "each message is sent after the one it references")
        for message in messages {
            let doc = message.document
            XCTAssertTrue(doc.contains("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"))
            XCTAssertTrue(doc.contains("<language>ja-JP</language>") && doc.contains("<language>en-US</language>"))
            XCTAssertTrue(doc.contains("<value>132152</value>"), "the municipality code as geocode")
            XCTAssertFalse(doc.contains("Z<"), "no Z times")
            XCTAssertTrue(doc.contains("<sent>\(CAPTime.format(message.sent))</sent>"))
            XCTAssertTrue(CAPTime.format(message.sent).hasSuffix("+09:00"))
            XCTAssertTrue(doc.contains("<web>https://city.example.jp/132152/alerts</web>"))
        }
        let sender = AlertCommands.sender(municipalityCode: "132152")
        XCTAssertFalse(messages[0].document.contains("<references>"))
        XCTAssertTrue(messages[1].document.contains("<references>\(sender),\(messages[0].identifier),\(CAPTime.format(messages[0].sent))</references>"))
        XCTAssertTrue(messages[2].document.contains("\(sender),\(messages[1].identifier),\(CAPTime.format(messages[1].sent))"))
        XCTAssertTrue(messages[2].document.contains("<responseType>AllClear</responseType>"))
        let current = try await AlertQueries.currentMessages(municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(current.map(\.id), [messages[2].id], "the latest message of each alert")
        let actions = try await f.auditActions().filter { $0.hasPrefix("notices.alert") }
        XCTAssertEqual(actions, ["notices.alert.issue", "notices.alert.update", "notices.alert.lift"])
    }

    func testAnAlertWithoutAreaOrLevelIsRefusedNamingTheField() async throws {
        let f = try await makeNoticesFixture()
        let commands = AlertCommands(audit: f.audit, publicURL: "http://localhost:8080")
        for (input, fields) in [(AlertInput(level: "", areaCodes: []), ["level", "areas"]),
                                (AlertInput(level: "2", areaCodes: ["naka-1"]), ["level"]),
                                (AlertInput(level: "4", areaCodes: [" "]), ["areas"]),
                                (AlertInput(level: "4", areaCodes: ["naka-1", "unknown"]), ["areas"]),
                                (AlertInput(level: "\(Int.max)", areaCodes: ["naka-1"], households: "\(Int.min)", people: "１２"), ["level", "households", "people"])] {
            do {
                _ = try await commands.issue(municipality: f.kunitachi, input, by: .system, on: f.database)
                XCTFail("refused: \(input)")
            } catch let problems as NoticesInputProblems {
                XCTAssertEqual(problems.problems.map(\.field), fields)
                XCTAssertTrue(problems.problems.allSatisfy { $0.message.ja.contains("「") })
            }
        }
        // Another municipality's areas are not this one's.
        do {
            _ = try await commands.issue(municipality: f.musashimurayama, AlertInput(level: "3", areaCodes: ["naka-1"]), by: .system, on: f.database)
            XCTFail("refused")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(problems.problems.map(\.field), ["areas"])
        }
        let count = try await EvacuationAlert.query(on: f.database).count()
        XCTAssertEqual(count, 0)
    }
}
