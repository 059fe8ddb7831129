import Foundation
import MadoguchiCore
import XCTest

/// An actor's stored reference reads back as the same actor; anything else is not an actor.
final class ActorReferenceTests: XCTestCase {
    func testReferencesRoundTripAndOtherTextIsRefused() {
        let id = UUID()
        for actor in [Actor.staff(id), .resident, .system] {
            XCTAssertEqual(Actor(reference: actor.reference), actor)
        }
        XCTAssertEqual(Actor(reference: "staff:" + id.uuidString.uppercased()), .staff(id), "UUID case does not matter")
        for text in ["", "staff:", "staff:not-a-uuid", "Staff:\(id.uuidString)", "staff:\(id.uuidString)x", "admin", "\"><script>"] {
            XCTAssertNil(Actor(reference: text), text)
        }
    }
}
