import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// A form token (CSRF) is an HMAC under a key derived from the field-key ring: a form a resident
/// opened before the field keys changed still posts after the restart while its key is in the ring,
/// and no longer once that key has left it. On the engine `DATABASE_URL` picks.
final class FormTokenKeyRotationTests: XCTestCase {
    let fields = ["kind": "correction", "name": "山田 花子", "address": ""]

    func testAFormOpenedBeforeAKeyChangeStillPostsWhileItsKeyIsInTheRing() async throws {
        let first = try await makeTestApp()
        let resident = Browser(app: first.app)
        let token = try await resident.csrfToken(from: "/132152/privacy/requests/new")

        let rotated = try await first.restarted(fieldKeys: TestApp.fieldKeys + ",*" + KeyRotationTests.newKey)
        addTeardownBlock { try await rotated.shutdown() }
        let after = Browser(app: rotated.app)
        after.cookies = resident.cookies
        let fresh = try await Browser(app: rotated.app).csrfToken(from: "/132152/privacy/requests/new")
        let renewed = try await after.csrfToken(from: "/132152/privacy/requests/new")
        XCTAssertNotEqual(renewed, token, "new pages are signed under the new key")
        let posted = try await after.post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(posted.status, .unprocessableEntity, "the old page's token passes; the empty address is the form's own problem")
        let crossed = try await after.post("/132152/privacy/requests", form: fields.merging(["_csrf": fresh]) { $1 })
        XCTAssertEqual(crossed.status, .forbidden, "still bound to its browser's cookie")

        let newOnly = try await rotated.restarted(fieldKeys: KeyRotationTests.newKey)
        addTeardownBlock { try await newOnly.shutdown() }
        let late = Browser(app: newOnly.app)
        late.cookies = resident.cookies
        let refused = try await late.post("/132152/privacy/requests", form: fields.merging(["_csrf": token]) { $1 })
        XCTAssertEqual(refused.status, .forbidden, "the old key has left the ring")
    }
}
