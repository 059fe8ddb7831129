import MadoguchiCore
@testable import WebApp
import XCTest

/// The public home page, rendered as a function of the municipality and the day.
final class PublicHomeViewTests: XCTestCase {
    let kunitachi = Municipality(code: try! MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi",
                                 prefecture: "東京都", population: 76_000)

    func testTheHomePageNamesTheCityAndLinksEverySectionInBothLanguages() throws {
        let today = CivilDate(iso: "2026-11-29")!
        let ja = try ParsedPage(PublicHomePage.render(municipality: kunitachi, today: today, context: viewContext(.ja)))
        ja.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(ja.h1, ["国立市"])
        XCTAssertEqual(ja.headings, ["新着のお知らせ", "手続きを調べる", "避難所の開設状況", "オープンデータ", "市の取組の成果", "個人情報の取扱い"])
        XCTAssertTrue(ja.main!.text.contains("令和8年度"), ja.main!.text)
        XCTAssertEqual(ja.title, "国立市 | 国立市 " + UIStrings.siteSuffix.ja)

        let en = try ParsedPage(PublicHomePage.render(municipality: kunitachi, today: today, context: viewContext(.en)))
        en.assertWellFormedPage(lang: "en")
        XCTAssertEqual(en.h1, ["Kunitachi"])
        XCTAssertEqual(en.headings, ["Latest notices", "Find your procedures", "Shelter status", "Open data", "Results of the city's plans", "Personal information"])
        XCTAssertTrue(en.main!.text.contains("Fiscal year 2026"), en.main!.text)
        for page in [ja, en] {
            XCTAssertEqual(page.links, ["/132152/notices", "/132152/notices/subscribe", "/132152/life-events", "/132152/shelters", "/132152/dataset", "/132152/results", "/132152/privacy"])
        }
    }

    /// The layout around every page: skip link to main, navigation named, the language switch
    /// pointing at the same path in the other language.
    func testTheLayoutOffersASkipLinkAndTheOtherLanguage() throws {
        let page = try ParsedPage(PublicHomePage.render(municipality: kunitachi, today: CivilDate(iso: "2026-04-01")!,
                                                        context: viewContext(.ja, path: "/132152/")))
        let skip = try XCTUnwrap(page.first("a", "class", "skip-link"))
        XCTAssertEqual(skip["href"], "#main")
        XCTAssertEqual(page.main?["id"], "main")
        XCTAssertNotNil(page.first("nav")?["aria-label"])
        let other = try XCTUnwrap(page.first("a", "hreflang", "en"))
        XCTAssertEqual(other["href"], "/132152/?lang=en")
        XCTAssertEqual(other["lang"], "en")
        XCTAssertNil(page.first("form", "class", "sign-out"), "no sign-out form for a visitor")
    }
}
