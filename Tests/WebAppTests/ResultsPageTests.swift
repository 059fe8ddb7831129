import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// 「市の取組の成果」 (`/{code}/results`): each indicator's trend as an SVG chart with a text
/// alternative and the same figures as a table, and the indicator table as CSV; on the engine of
/// `DATABASE_URL`.
final class ResultsPageTests: XCTestCase {
    func testTrendsShowAsChartsWithTablesAndTheIndicatorTableDownloads() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        let browser = Browser(app: test.app)
        let response = try await browser.get("/132152/results")
        XCTAssertEqual(response.status, .ok)
        let page = try ParsedPage(response.body.string)
        page.assertWellFormedPage(lang: "ja")
        let charts = page.all("svg")
        XCTAssertGreaterThanOrEqual(charts.count, 4, "population, 部課数 and the two survey indicators at least")
        for chart in charts {
            XCTAssertEqual(chart["role"], "img")
            let labelled = (chart["aria-labelledby"] ?? "").split(separator: " ").map(String.init)
            XCTAssertEqual(labelled.count, 2)
            for id in labelled { XCTAssertNotNil(page.root.descendants.first { $0["id"] == id }, "\(id) exists") }
        }
        // The privacy survey: its text alternative and its table give the seed's figures.
        let heading = try XCTUnwrap(page.all("h3").first { $0.text.hasPrefix("個人情報の保護を的確に行っていると思う市民の割合") })
        let section = try XCTUnwrap(heading.parent?.parent)
        XCTAssertEqual(section.first("desc")?.text, "実績値は平成28年度の30.1％から令和3年度の32.3％。目標値は令和9年度に42.2％。")
        let rows = try XCTUnwrap(section.first("table")).all("tr").map { $0.all("th").map(\.text) + $0.all("td").map(\.text) }
        XCTAssertTrue(rows.contains(["令和3年度", "31.6", "45.2", "32.3", ""]), "\(rows)")
        let english = try await browser.get("/132152/results?lang=en")
        try ParsedPage(english.body.string).assertWellFormedPage(lang: "en")

        let csv = try await browser.get("/132152/results.csv")
        XCTAssertEqual(csv.status, .ok)
        let lines = csv.body.string.components(separatedBy: "\r\n")
        XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}\"指標ID\",\"指標名\""))
        XCTAssertTrue(lines.contains { $0.hasPrefix("\"indicators.population\",\"人口\",\"Population\",\"人\",\"2021\",\"令和3年度\",\"\",\"\",\"76282\",\"\",\"登録値\"") },
                      lines.filter { $0.contains("population") }.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("\"indicators.survey_privacy_protected\",") && $0.contains("\"2027\",\"令和9年度\",\"31.6\",\"42.2\",\"\",\"\",\"\"") })
        // Another municipality publishes only its own figures.
        let other = try await browser.get("/132233/results.csv")
        XCTAssertFalse(other.body.string.contains("76282"))
    }

    /// The same table is the module's open-data export, which the catalogue can list.
    func testTheIndicatorTableIsAnOpenDataExport() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        XCTAssertTrue(Modules.all.flatMap(\.openDataExports).contains { $0.id == "indicators.table" })
        let browser = Browser(app: test.app)
        let export = try await browser.get("/132152/exports/indicators.table.csv")
        XCTAssertEqual(export.status, .ok)
        let page = try await browser.get("/132152/results.csv")
        XCTAssertEqual(export.body.string, page.body.string, "the export and the results page's table are one table")
        XCTAssertTrue(export.body.string.contains("\"indicators.survey_information_disclosed\",\"入手したい市政情報が十分に公開されていると思う市民の割合\""))
    }
}
