import Crypto
import Foundation
import MadoguchiCore
import XCTest
@testable import Privacy

final class FieldCipherTests: XCTestCase {
    static let k1 = Data(repeating: 1, count: 32).base64EncodedString()
    static let k2 = Data(repeating: 2, count: 32).base64EncodedString()
    let binding = FieldBinding(table: "privacy_requests", column: "requester_name", recordID: "r1")

    func testRoundTripRecordsTheKeyID() throws {
        let cipher = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1)"))
        let envelope = try cipher.encrypt("山田 太郎", binding: binding)
        XCTAssertTrue(envelope.hasPrefix("v1.k1."))
        XCTAssertFalse(envelope.contains("山田"))
        XCTAssertEqual(try cipher.decrypt(envelope, binding: binding), "山田 太郎")
    }

    func testCiphertextIsBoundToItsRecord() throws {
        let cipher = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1)"))
        let envelope = try cipher.encrypt("山田 太郎", binding: binding)
        let elsewhere = FieldBinding(table: "privacy_requests", column: "requester_name", recordID: "r2")
        XCTAssertThrowsError(try cipher.decrypt(envelope, binding: elsewhere)) {
            XCTAssertEqual($0 as? FieldCipherError, .authenticationFailed(keyID: "k1"))
        }
    }

    func testWrongOrMissingKeysFailLoudly() throws {
        let envelope = try FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1)")).encrypt("x", binding: binding)
        let impostor = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k2)"))
        XCTAssertThrowsError(try impostor.decrypt(envelope, binding: binding)) {
            XCTAssertEqual($0 as? FieldCipherError, .authenticationFailed(keyID: "k1"))
        }
        let other = FieldCipher(keyRing: try FieldKeyRing.parse("k2:\(Self.k2)"))
        XCTAssertThrowsError(try other.decrypt(envelope, binding: binding)) {
            XCTAssertEqual($0 as? FieldCipherError, .unknownKey("k1"))
        }
        XCTAssertThrowsError(try other.decrypt("plain text", binding: binding)) {
            XCTAssertEqual($0 as? FieldCipherError, .malformedEnvelope)
        }
    }

    func testKeyListParsing() throws {
        let ring = try FieldKeyRing.parse("k1:\(Self.k1),\n*k2:\(Self.k2)")
        XCTAssertEqual(ring.currentKeyID, "k2")
        XCTAssertEqual(ring.keyIDs, ["k1", "k2"])
        XCTAssertThrowsError(try FieldKeyRing.parse("k1:\(Self.k1),k2:\(Self.k2)"))
        XCTAssertThrowsError(try FieldKeyRing.parse("k1:AAAA")) { error in
            XCTAssertTrue((error as! FieldCipherError).message.en.contains("expected 32"))
        }
        XCTAssertThrowsError(try FieldKeyRing.fromEnvironment([:])) { XCTAssertEqual($0 as? FieldCipherError, .noKeys) }
        XCTAssertThrowsError(try FieldKeyRing.fromEnvironment(["MADOGUCHI_FIELD_KEYS_FILE": "/nonexistent/keys"])) {
            XCTAssertEqual($0 as? FieldCipherError, .keyFileUnreadable("/nonexistent/keys"))
        }
        XCTAssertEqual(try FieldKeyRing.fromEnvironment(["MADOGUCHI_FIELD_KEYS": "a:\(Self.k1)"]).currentKeyID, "a")
    }

    func testReencryptMovesToTheCurrentKey() throws {
        let old = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1)"))
        let envelope = try old.encrypt("x", binding: binding)
        let rotated = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1),*k2:\(Self.k2)"))
        XCTAssertFalse(rotated.isCurrent(envelope))
        let fresh = try rotated.reencrypt(envelope, binding: binding)
        XCTAssertTrue(fresh.hasPrefix("v1.k2."))
        XCTAssertEqual(try rotated.decrypt(fresh, binding: binding), "x")
    }

    func testMyNumberNeverPrintsItsDigits() throws {
        let number = try XCTUnwrap(MyNumber("1234 5678 9018"))
        XCTAssertNil(MyNumber("123456789019"))
        XCTAssertEqual("\(number)", "********9018")
        XCTAssertEqual(String(reflecting: number), "MyNumber(********9018)")
        var dumped = ""
        dump(number, to: &dumped)
        XCTAssertFalse(dumped.contains("12345678"))
        let policy = AccessPolicy.standard(modules: [PrivacyModule.manifest])
        XCTAssertEqual(number.revealed(to: [.privacyOfficer], policy: policy), "123456789018")
        XCTAssertEqual(number.revealed(to: [.counterStaff], policy: policy), "********9018")
        let cipher = FieldCipher(keyRing: try FieldKeyRing.parse("k1:\(Self.k1)"))
        let stored = try number.encrypted(with: cipher, binding: binding)
        XCTAssertFalse(stored.contains("9018"))
        XCTAssertEqual(try MyNumber.decrypt(stored, with: cipher, binding: binding), number)
    }

    /// A purpose key is HKDF-SHA256 of the current key, made once per ring: the same on every call and
    /// for every ring with the same current key, different per purpose and per key.
    func testDerivedKeysAreHKDFOfTheCurrentKeyPerPurpose() throws {
        let ring = try FieldKeyRing.fromEnvironment(["MADOGUCHI_FIELD_KEYS": "a:\(Self.k1)"])
        let twin = try FieldKeyRing.fromEnvironment(["MADOGUCHI_FIELD_KEYS": "a:\(Self.k1)"])
        let other = try FieldKeyRing.fromEnvironment(["MADOGUCHI_FIELD_KEYS": "a:\(Self.k2)"])
        let expected = HKDF<SHA256>.deriveKey(inputKeyMaterial: ring.currentKey, salt: Data("s".utf8), info: Data("csrf".utf8),
                                              outputByteCount: 32)
        XCTAssertEqual(ring.derivedKey(info: "csrf", salt: "s"), expected)
        XCTAssertEqual(ring.derivedKey(info: "csrf", salt: "s"), expected, "the second call answers the same key")
        XCTAssertEqual(twin.derivedKey(info: "csrf", salt: "s"), expected)
        XCTAssertNotEqual(ring.derivedKey(info: "forms", salt: "s"), expected)
        XCTAssertNotEqual(ring.derivedKey(info: "csrf", salt: "t"), expected)
        XCTAssertNotEqual(other.derivedKey(info: "csrf", salt: "s"), expected)
    }
}
