import FluentKit
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit
import XCTest

final class SecretTokenTests: XCTestCase {
    /// Stored hashes keep the format every existing database holds: lower-case hex SHA-256 of the text.
    func testTheStoredHashIsHexSHA256OfTheText() {
        XCTAssertEqual(SecretToken.hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertTrue(SecretToken.matches("abc", hash: SecretToken.hash("abc")))
        XCTAssertFalse(SecretToken.matches("abd", hash: SecretToken.hash("abc")))
    }

    /// URL-safe, unpadded, of the documented length, and different every time.
    func testTokensAreURLSafeAndFresh() {
        let tokens = (0..<200).map { _ in SecretToken.generate() }
        XCTAssertEqual(Set(tokens).count, tokens.count)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        XCTAssertTrue(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy(allowed.contains) })
        XCTAssertEqual(SecretToken.generate(bytes: 16).count, 22)
        XCTAssertEqual(SecretToken.generate(bytes: 24).count, 32)
        XCTAssertTrue(SecretToken.generate(prefix: "mdg_").hasPrefix("mdg_"))
    }

    func testEqualityComparesWholeValues() {
        XCTAssertTrue(SecretToken.equal("same-value", "same-value"))
        XCTAssertFalse(SecretToken.equal("same-value", "same-valuf"))
        XCTAssertFalse(SecretToken.equal("same-value", "same-value-longer"))
        XCTAssertFalse(SecretToken.equal("", "x"))
        XCTAssertTrue(SecretToken.equal("", ""))
    }

    /// Both engines are SQL databases: the helper hands the database back as one.
    func testTheSQLHelperReturnsTheDatabase() async throws {
        let db = try await TestDatabase.make(migrations: [])
        do {
            let sql = try db.database.sql(for: "this test")
            let row = try await sql.raw("SELECT 1 AS one").first()
            XCTAssertEqual(try row?.decode(column: "one", as: Int.self), 1)
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
        XCTAssertEqual(SQLDatabaseRequired("the audit log").description, "the audit log needs an SQL database")
    }

    /// URL-safe base64 without padding (RFC 4648 §5): the RFC's vectors, and `+`/`/` mapped to `-`/`_`.
    func testBase64URLEncodingVectors() {
        let vectors: [(String, String)] = [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"),
                                           ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors { XCTAssertEqual(Data(plain.utf8).base64URLEncoded, encoded, plain) }
        XCTAssertEqual(Data([0xfb, 0xff]).base64URLEncoded, "-_8")
        XCTAssertEqual(Data([0xfb, 0xff, 0xbf]).base64URLEncoded, "-_-_")
        let bytes = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        XCTAssertEqual(bytes.base64URLEncoded, bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
    }
}
