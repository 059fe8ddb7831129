import MadoguchiCore
import XCTest

/// The public URL every absolute link is built on: from the flag, the environment or the listening
/// address, checked at start-up with the setting named.
final class PublicURLConfigurationTests: XCTestCase {
    private func resolve(_ env: [String: String], flag: String? = nil) throws -> Configuration {
        try Configuration.resolve(environment: env, overrides: .init(publicURL: flag))
    }

    func testDefaultEnvironmentAndFlag() throws {
        XCTAssertEqual(try resolve([:]).publicURL, "http://127.0.0.1:8080")
        XCTAssertEqual(try resolve(["MADOGUCHI_PORT": "9000", "MADOGUCHI_HOST": "::1"]).publicURL, "http://[::1]:9000")
        XCTAssertEqual(try resolve(["MADOGUCHI_PUBLIC_URL": "https://opendata.city.example.jp/"]).publicURL, "https://opendata.city.example.jp")
        XCTAssertEqual(try resolve(["MADOGUCHI_PUBLIC_URL": "https://a.example"], flag: "https://city.example.jp/madoguchi").publicURL,
                       "https://city.example.jp/madoguchi", "the flag wins; a path prefix is kept")
    }

    func testBadAddressesStopStartUpNamingTheSetting() {
        for bad in ["city.example.jp", "ftp://city.example.jp", "https://", "https://city.example.jp/?q=1", "https://user:pw@city.example.jp",
                    "https://city.example.jp/#top", "https://city example.jp"] {
            XCTAssertThrowsError(try resolve(["MADOGUCHI_PUBLIC_URL": bad]), bad) { error in
                XCTAssertTrue(String(describing: error).contains("MADOGUCHI_PUBLIC_URL / --public-url"), "\(error)")
            }
        }
    }
}
