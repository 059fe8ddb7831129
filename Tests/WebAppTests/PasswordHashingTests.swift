import FluentKit
import Foundation
import MadoguchiCore
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Passwords count whole, in any script: bcrypt reads 72 bytes (24 kanji), so the hasher reduces the
/// password first; a password that differs only after its 72nd byte is a different password, and
/// older plain-bcrypt hashes are replaced at the next sign-in.
final class PasswordHashingTests: XCTestCase {
    func testALongJapanesePasswordCountsWhole() async throws {
        let test = try await makeTestApp()
        do {
            let long = String(repeating: "国立市役所窓口", count: 9)   // 63 characters, 189 bytes
            let lookalike = String(long.prefix(40)) + String(repeating: "あ", count: 23)
            XCTAssertEqual(Array(long.utf8.prefix(72)), Array(lookalike.utf8.prefix(72)), "the two agree on bcrypt's 72 bytes")
            _ = try await test.app.madoguchi.staffAccounts.create(municipalityID: test.kunitachi.requireID(), departmentID: nil,
                                                                  loginName: "long", displayName: "long", password: long,
                                                                  roles: [.counterStaff], by: .system, origin: .none, on: test.app.db)
            let wrong = try await Browser(app: test.app).signIn("long", password: lookalike)
            XCTAssertEqual(wrong.status, .unauthorized, "a password differing after the 72nd byte is refused")
            let right = try await Browser(app: test.app).signIn("long", password: long)
            XCTAssertEqual(right.status, .seeOther)
            let decomposed = long.decomposedStringWithCanonicalMapping
            XCTAssertEqual(decomposed, long, "kanji have no decomposition; the NFC rule is checked below")
            let tooLong = String(repeating: "あ", count: PasswordPolicy.maximumLength + 1)
            XCTAssertNotNil(PasswordPolicy.problem(with: tooLong))
            XCTAssertNil(PasswordPolicy.problem(with: String(repeating: "あ", count: 64)), "64 characters of any script are allowed")
            XCTAssertNotNil(PasswordPolicy.problem(with: "a" + String(repeating: " ", count: 12) + "b"), "runs of spaces count as one")
            XCTAssertNil(PasswordPolicy.problem(with: "correct horse battery"))
        } catch { XCTFail("\(error)") }
    }

    func testTheSameCharactersTypedDecomposedStillSignIn() async throws {
        let test = try await makeTestApp()
        do {
            let composed = "パスワードはガギグゲゴです"   // voiced kana, composed (NFC)
            _ = try await test.app.madoguchi.staffAccounts.create(municipalityID: test.kunitachi.requireID(), departmentID: nil,
                                                                  loginName: "kana", displayName: "kana", password: composed,
                                                                  roles: [.counterStaff], by: .system, origin: .none, on: test.app.db)
            let decomposed = composed.decomposedStringWithCanonicalMapping
            XCTAssertNotEqual(Array(decomposed.utf8), Array(composed.utf8))
            let answer = try await Browser(app: test.app).signIn("kana", password: decomposed)
            XCTAssertEqual(answer.status, .seeOther, "NFC normalisation before hashing")
        } catch { XCTFail("\(error)") }
    }

    func testAnOlderPlainBcryptHashIsReplacedAtSignIn() async throws {
        let test = try await makeTestApp()
        do {
            let found = try await Staff.query(on: test.app.db).filter(\.$loginName == "counter_staff").first()
            let staff = try XCTUnwrap(found)
            staff.passwordHash = try Bcrypt.hash(test.password, cost: 4)
            try await staff.save(on: test.app.db)
            let answer = try await Browser(app: test.app).signIn("counter_staff", password: test.password)
            XCTAssertEqual(answer.status, .seeOther, "the older hash still verifies")
            let stored = try await Staff.find(staff.requireID(), on: test.app.db)
            let reloaded = try XCTUnwrap(stored)
            XCTAssertTrue(reloaded.passwordHash.hasPrefix(BcryptHasher.prefix), "and is replaced by the current scheme")
            let again = try await Browser(app: test.app).signIn("counter_staff", password: test.password)
            XCTAssertEqual(again.status, .seeOther)
        } catch { XCTFail("\(error)") }
    }
}
