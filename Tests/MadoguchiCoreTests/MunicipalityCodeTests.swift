import MadoguchiCore
import XCTest

final class MunicipalityCodeTests: XCTestCase {
    func testKnownCodesAreValid() throws {
        for code in ["132152", "132233", "131041", "131130", "011002", "472018"] {
            XCTAssertNoThrow(try MunicipalityCode(code), code)
        }
        XCTAssertEqual(try MunicipalityCode("１３２１５２").rawValue, "132152")
    }

    func testWrongCheckDigitNamesTheRightOne() {
        XCTAssertThrowsError(try MunicipalityCode("132153")) {
            XCTAssertEqual($0 as? MunicipalityCode.Problem, .badCheckDigit(expected: "2"))
        }
        XCTAssertThrowsError(try MunicipalityCode("13215")) { XCTAssertEqual($0 as? MunicipalityCode.Problem, .notSixDigits) }
        XCTAssertThrowsError(try MunicipalityCode("13215a"))
    }
}

final class ConfigurationTests: XCTestCase {
    func testDefaultsAreLoopbackSQLiteAndDemo() throws {
        let c = try Configuration.resolve(environment: [:])
        XCTAssertEqual(c.store, .sqlite(path: "data/madoguchi.sqlite"))
        XCTAssertEqual(c.hostname, "127.0.0.1")
        XCTAssertEqual(c.port, 8080)
        XCTAssertTrue(c.loadDemo)
        // Issue 11: Secure cookies (and HSTS) are on by default, on loopback too; MADOGUCHI_SECURE_COOKIES=0 turns them off.
        XCTAssertTrue(c.secureCookies)
    }

    func testFlagsOverrideEnvironment() throws {
        let c = try Configuration.resolve(environment: ["MADOGUCHI_PORT": "9000", "DATABASE_URL": "postgres://u:p@db:5432/m",
                                                                        "MADOGUCHI_FIELD_KEYS": "k1:x"],
                                          overrides: .init(port: "9100"))
        XCTAssertEqual(c.port, 9100)
        XCTAssertEqual(c.store, .postgres(url: "postgres://u:p@db:5432/m"))
        XCTAssertTrue(try Configuration.resolve(environment: ["MADOGUCHI_HOST": "0.0.0.0"]).secureCookies)
    }

    func testBadValuesNameTheSetting() {
        XCTAssertThrowsError(try Configuration.resolve(environment: ["MADOGUCHI_PORT": "99999"])) {
            XCTAssertTrue(($0 as? Configuration.Problem)?.setting.contains("MADOGUCHI_PORT") ?? false)
        }
        XCTAssertThrowsError(try Configuration.resolve(environment: ["LOG_LEVEL": "loud"]))
        XCTAssertThrowsError(try Configuration.resolve(environment: ["DATABASE_URL": "mysql://x"]))
        XCTAssertThrowsError(try Configuration.resolve(environment: ["MADOGUCHI_DEMO": "maybe"]))
        XCTAssertThrowsError(try Configuration.resolve(environment: ["MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS": "0"])) {
            XCTAssertEqual(($0 as? Configuration.Problem)?.setting, "MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS")
        }
    }

    func testPostgreSQLNeedsSharedFieldKeysButSQLiteGeneratesThem() throws {
        XCTAssertThrowsError(try Configuration.resolve(environment: ["DATABASE_URL": "postgres://u@db/m"])) {
            XCTAssertTrue(($0 as? Configuration.Problem)?.setting.contains("MADOGUCHI_FIELD_KEYS") ?? false)
        }
        XCTAssertEqual(try Configuration.resolve(environment: [:]).fieldKeys, .generatedInDataDirectory)
        XCTAssertEqual(try Configuration.resolve(environment: ["MADOGUCHI_FIELD_KEYS_FILE": "/etc/keys"]).fieldKeys, .file("/etc/keys"))
    }

    func testSecretsNeverAppearInTheDescription() throws {
        let c = try Configuration.resolve(environment: ["DATABASE_URL": "postgres://madoguchi:s3cret@db/m", "MADOGUCHI_METRICS_TOKEN": "tok3n",
                                                         "MADOGUCHI_FIELD_KEYS": "k1:c2VjcmV0a2V5"])
        XCTAssertFalse(c.description.contains("s3cret"))
        XCTAssertFalse(c.description.contains("c2VjcmV0a2V5"))
        XCTAssertFalse(c.description.contains("tok3n"))
        XCTAssertTrue(c.description.contains("***"))
    }
}
