import MadoguchiCore
@testable import WebApp
import XCTest

/// `/` as a function: the municipalities a deployment serves, each linking its own site.
final class RootViewTests: XCTestCase {
    func testTheRootListsEveryMunicipalityWithItsPrefectureInBothLanguages() throws {
        let municipalities = [
            Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76_000),
            Municipality(code: try MunicipalityCode("132233"), name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70_000),
        ]
        let ja = try ParsedPage(RootPage.render(municipalities: municipalities, context: viewContext(.ja, path: "/")))
        ja.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(ja.h1, ["自治体を選んでください"])
        XCTAssertEqual(ja.main?.all("li").map(\.text), ["東京都 国立市", "東京都 武蔵村山市"])
        XCTAssertEqual(ja.main?.all("a").compactMap { $0["href"] }, ["/132152/", "/132233/"])

        let en = try ParsedPage(RootPage.render(municipalities: municipalities, context: viewContext(.en, path: "/")))
        en.assertWellFormedPage(lang: "en")
        XCTAssertEqual(en.h1, ["Choose a municipality"])
        XCTAssertEqual(en.main?.all("li").map(\.text), ["東京都 Kunitachi", "東京都 Musashimurayama"])
    }
}
