import XCTest
import Foundation
import MadoguchiCore
@testable import Counter

/// The machine interface: `POST /api/v1/life-events/{event}/checklist`.
final class ChecklistJSONTests: XCTestCase {
    func testChecklistEncodesWithTheDocumentedSnakeCaseKeys() throws {
        let list = try checklist("death", on: "2026-04-27", ["deceased_age": .number(60)])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(list)) as! [String: Any]
        XCTAssertEqual(json["event_date"] as? String, "2026-04-27")
        let procedures = try XCTUnwrap(json["procedures"] as? [[String: Any]])
        let first = try XCTUnwrap(procedures.first)
        for key in ["id", "name", "counter", "deadline", "items_to_bring", "channel", "status", "reason"] {
            XCTAssertNotNil(first[key], key)
        }
        XCTAssertEqual(first["deadline"] as? String, "2026-05-07")
        XCTAssertTrue(procedures.contains { $0["status"] as? String == "to_check" })
    }

    func testEveryFactTheIssueNamesIsAcceptedForBereavement() throws {
        let body = """
        {"deceased_age": 80, "deceased_was_householder": true, "household_members_15_plus_remaining": 2,
         "deceased_national_health_insurance": "unknown", "deceased_care_insurance_certified": "unknown",
         "deceased_received_pension": true, "deceased_owned_real_estate_in_city": false,
         "deceased_had_seal_registration": true, "deceased_received_child_allowance": false, "funeral_held": "unknown"}
        """
        let facts = try JSONDecoder().decode(FactSet.self, from: Data(body.utf8))
        let list = try checklist("death", on: "2026-04-27", facts)
        XCTAssertEqual(list.status("elderly_funeral_expenses"), .toCheck)
        XCTAssertEqual(list.status("householder_change"), .required)
    }

    func testFactDocumentationListsEveryFactOfEveryEvent() {
        let docs = FactDocumentation.all(in: shippedCatalog)
        for event in shippedCatalog.lifeEvents {
            XCTAssertEqual(Set(docs.filter { $0.event == event.id }.map(\.id)), Set(event.factIDs), event.id)
        }
        let markdown = FactDocumentation.markdown(in: shippedCatalog)
        XCTAssertTrue(markdown.contains("| `deceased_age` | number (derived if absent)") || markdown.contains("| `deceased_age` | number |"))
        XCTAssertTrue(markdown.contains("`move_type` | choice (move_in, move_out, move_within)"))
    }
}

/// 書かない窓口: forms pre-filled from the basic four items, and the counters in visiting order.
final class AssistedCounterTests: XCTestCase {
    private let resident = BasicFourItems(name: "国立 花子", address: "東京都国立市富士見台2丁目47番地の1",
                                          birthDate: CivilDate(year: 1960, month: 5, day: 1)!, sex: "女")

    func testEveryNeededFormIsPrefilledFromTheBasicFourItems() throws {
        let facts: FactSet = ["deceased_birth_date": .date(date("1940-01-01")), "deceased_was_householder": .bool(true),
                              "household_members_15_plus_remaining": .number(2), "funeral_held": .bool(true),
                              "funeral_date": .date(date("2026-04-30")), "deceased_owned_real_estate_in_city": .bool(true)]
        let list = try checklist("death", on: "2026-04-27", facts)
        let forms = PaperFormFiller.forms(for: list, catalog: shippedCatalog, resident: resident, facts: facts)
        XCTAssertEqual(Set(forms.map(\.procedureID)), ["death_registration", "householder_change", "elderly_medical_loss",
                                                       "elderly_funeral_expenses", "care_insurance_loss", "property_heir_representative"])
        let deathForm = try XCTUnwrap(forms.first { $0.procedureID == "death_registration" })
        func value(_ id: String) -> String? { deathForm.fields.first { $0.id == id }?.value }
        XCTAssertEqual(value("applicant_name"), "国立 花子")
        XCTAssertEqual(value("death_date"), Wareki.format(date("2026-04-27")))
        XCTAssertEqual(value("deceased_birth_date"), Wareki.format(date("1940-01-01")))
        XCTAssertNil(value("deceased_name"), "written by hand at the counter")
    }

    func testReceptionSlipListsCountersInVisitingOrderWithOutsideOfficesLast() throws {
        let facts: FactSet = ["deceased_age": .number(80), "deceased_received_pension": .bool(true),
                              "deceased_pension_type": .choice("employees"), "deceased_owned_real_estate_in_city": .bool(true)]
        let list = try checklist("death", on: "2026-04-27", facts)
        let slip = ReceptionSlip(checklist: list, resident: resident)
        XCTAssertEqual(slip.stops.map(\.counterName).first, "市民課")
        XCTAssertEqual(slip.stops.last?.counterName, "立川年金事務所")
        XCTAssertEqual(slip.stops.last?.external, true)
        XCTAssertEqual(slip.stops.map(\.order), Array(1...slip.stops.count))
        let orders = slip.stops.compactMap { stop in shippedCatalog.counters.first { $0.name == stop.counterName }?.visitOrder }
        XCTAssertEqual(orders, orders.sorted())
    }

    func testManifestIsRegistered() {
        XCTAssertEqual(CounterModule.manifest.id, "counter")
        XCTAssertEqual(CounterModule.manifest.migrations.map(\.name), ["counter.0001.create_sessions", "counter.0002.create_procedure_overrides"])
        XCTAssertEqual(CounterModule.manifest.personalInformationFiles.map(\.id), ["counter.sessions"])
    }
}

final class ChecklistRequestTests: XCTestCase {
    func testDecodesTheRequestBody() throws {
        let body = #"{"event_date": "2026-04-27", "facts": {"deceased_age": 75, "funeral_held": "unknown", "deceased_was_householder": false}}"#
        let request = try ChecklistRequest.decode(from: Data(body.utf8))
        XCTAssertEqual(request.eventDate, date("2026-04-27"))
        XCTAssertEqual(request.facts["deceased_age"], .number(75))
        XCTAssertEqual(request.facts["deceased_was_householder"], .bool(false))
        XCTAssertEqual(request.facts["funeral_held"], .unknown)
    }

    func testBadBodiesNameTheField() {
        func field(_ body: String) -> String? {
            do { _ = try ChecklistRequest.decode(from: Data(body.utf8)); return "accepted" } catch { return error.field ?? "none" }
        }
        XCTAssertEqual(field(#"{"event_date": "2026-02-30"}"#), "event_date")
        XCTAssertEqual(field(#"{"facts": {}}"#), "event_date")
        XCTAssertEqual(field(#"{"event_date": "2026-02-03", "facts": {"deceased_age": [1]}}"#), "facts.deceased_age")
        XCTAssertEqual(field(#"{"event_date": "2026-02-03", "facts": 3}"#), "facts")
        XCTAssertEqual(field("not json"), "none")
    }
}
