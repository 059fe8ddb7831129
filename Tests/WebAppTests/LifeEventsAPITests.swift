import Foundation
import MadoguchiCore
import Vapor
import XCTVapor
import XCTest

/// `/api/v1/life-events`: the machine interface counter systems use, over HTTP.
final class LifeEventsAPITests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private func post(_ event: String, _ json: String, contentType: String = "application/json") async throws -> XCTHTTPResponse {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return try await test.app.sendRequest(.POST, "/api/v1/life-events/\(event)/checklist", headers: headers, body: ByteBuffer(string: json))
    }

    private func object(_ response: XCTHTTPResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
    }

    func testListNamesEveryLifeEventAndTheBereavementFactIDs() async throws {
        let response = try await test.app.sendRequest(.GET, "/api/v1/life-events")
        XCTAssertEqual(response.status, .ok)
        let events = try XCTUnwrap(try object(response)["life_events"] as? [[String: Any]])
        XCTAssertEqual(Set(events.compactMap { $0["id"] as? String }), ["death", "birth", "moving"])
        let death = try XCTUnwrap(events.first { $0["id"] as? String == "death" })
        let factIDs = Set((death["facts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        for id in ["deceased_age", "deceased_was_householder", "household_members_15_plus_remaining", "deceased_national_health_insurance",
                   "deceased_care_insurance_certified", "deceased_received_pension", "deceased_owned_real_estate_in_city",
                   "deceased_had_seal_registration", "deceased_received_child_allowance", "funeral_held"] {
            XCTAssertTrue(factIDs.contains(id), "missing fact \(id)")
        }
        XCTAssertEqual(death["checklist_url"] as? String, "/api/v1/life-events/death/checklist")
    }

    func testBereavementChecklistHasStatusesDeadlinesAndReasons() async throws {
        let eventDate = CivilDate.today().adding(days: -2)
        let response = try await post("death", """
            {"event_date": "\(eventDate)", "facts": {"deceased_age": 75, "deceased_was_householder": true,
             "household_members_15_plus_remaining": 1, "deceased_national_health_insurance": "unknown",
             "deceased_care_insurance_certified": false, "deceased_received_pension": true, "deceased_owned_real_estate_in_city": false,
             "deceased_had_seal_registration": true, "deceased_received_child_allowance": false, "funeral_held": "unknown"}}
            """)
        XCTAssertEqual(response.status, .ok, response.body.string)
        let body = try object(response)
        let procedures = try XCTUnwrap(body["procedures"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: procedures.map { ($0["id"] as! String, $0) })

        // Exactly 75: 後期高齢者医療, not 国民健康保険; one remaining adult: no 世帯主変更届.
        XCTAssertEqual(byID["elderly_medical_loss"]?["status"] as? String, "required")
        XCTAssertNil(byID["nhi_loss"])
        XCTAssertNil(byID["householder_change"])
        // Funeral unknown: 葬祭費 is listed to check, with the reason.
        XCTAssertEqual(byID["elderly_funeral_expenses"]?["status"] as? String, "to_check")
        XCTAssertFalse((byID["elderly_funeral_expenses"]?["reason"] as? String ?? "").isEmpty)

        let registration = try XCTUnwrap(byID["death_registration"])
        XCTAssertEqual(registration["status"] as? String, "required")
        XCTAssertEqual(registration["name"] as? String, "死亡届・火葬許可申請")
        XCTAssertNotNil(registration["counter"] as? [String: Any])
        XCTAssertNotNil(registration["items_to_bring"] as? [[String: Any]])
        XCTAssertNotNil(registration["channel"] as? String)
        let deadline = try XCTUnwrap(CivilDate(iso: registration["deadline"] as? String ?? ""))
        XCTAssertGreaterThanOrEqual(deadline, eventDate.adding(days: 6), "within 7 days counting the first day, rolled forward only")
        XCTAssertLessThanOrEqual(deadline, eventDate.adding(days: 12))
        XCTAssertNotNil(byID["seal_card_return"])
        XCTAssertEqual(byID["pension_death_report"]?["status"] as? String, "required")
    }

    func testBadRequestsNameTheField() async throws {
        let missing = try await post("death", #"{"facts": {}}"#)
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertEqual((try object(missing)["error"] as? [String: Any])?["field"] as? String, "event_date")

        let negative = try await post("death", #"{"event_date": "2026-01-10", "facts": {"household_members_15_plus_remaining": -1}}"#)
        XCTAssertEqual(negative.status, .unprocessableEntity)
        let error = try XCTUnwrap(try object(negative)["error"] as? [String: Any])
        XCTAssertEqual(error["field"] as? String, "facts.household_members_15_plus_remaining")
        XCTAssertTrue((error["message"] as? String ?? "").contains("負の数"))

        let future = try await post("death", #"{"event_date": "2999-01-01", "facts": {}}"#)
        XCTAssertEqual(future.status, .unprocessableEntity)
        XCTAssertTrue(future.body.string.contains("未来"))

        let unknownFact = try await post("death", #"{"event_date": "2026-01-10", "facts": {"favourite_colour": "blue"}}"#)
        XCTAssertEqual(unknownFact.status, .unprocessableEntity)
        XCTAssertTrue(unknownFact.body.string.contains("facts.favourite_colour"))

        let notJSON = try await post("death", "event_date=2026-01-01", contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(notJSON.status, .unprocessableEntity)
        let garbage = try await post("death", "{not json")
        XCTAssertEqual(garbage.status, .unprocessableEntity)

        let noEvent = try await post("wedding", #"{"event_date": "2026-01-10"}"#)
        XCTAssertEqual(noEvent.status, .notFound)
        XCTAssertTrue(noEvent.body.string.contains("death"))
    }

    func testOversizedBodiesAreRefused() async throws {
        let big = #"{"event_date": "2026-01-10", "facts": {"x": ""# + String(repeating: "a", count: 70_000) + #""}}"#
        let response = try await post("death", big)
        XCTAssertEqual(response.status, .payloadTooLarge)
    }

    func testBirthAndMovingChecklists() async throws {
        let today = CivilDate.today()
        let birth = try await post("birth", #"{"event_date": "\#(today.adding(days: -1))", "facts": {"child_health_insurance_is_nhi": true}}"#)
        XCTAssertEqual(birth.status, .ok, birth.body.string)
        let birthIDs = ((try object(birth)["procedures"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        XCTAssertFalse(birthIDs.isEmpty)

        let moving = try await post("moving", #"{"event_date": "\#(today.adding(days: 5))", "facts": {"move_type": "move_in", "has_children_under_18": false}}"#)
        XCTAssertEqual(moving.status, .ok, moving.body.string)
        let movingBody = try object(moving)
        let first = try XCTUnwrap((movingBody["procedures"] as? [[String: Any]])?.first)
        XCTAssertNotNil(first["deadline"] as? String)
    }
}
