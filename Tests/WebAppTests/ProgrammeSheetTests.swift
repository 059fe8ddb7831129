import Foundation
import Indicators
import MadoguchiCore
@testable import WebApp
import XCTest

/// 事務事業評価シート (seed 004) over HTTP: the demo's 事務事業 for the year the seed evaluates shows
/// the seed's 事業費の推移 (人件費 and 総事業費 computed), 評価指標, 評価項目 and 総合判定; on the engine
/// of `DATABASE_URL`.
final class ProgrammeSheetTests: XCTestCase {
    func testTheDemoProgrammeSheetReadsLikeSeed004() async throws {
        let test = try await makeTestApp()
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)
        let browser = Browser(app: test.app)
        _ = try await browser.signIn("department_staff", password: test.password)
        let response = try await browser.get("/132152/staff/programmes/00832?year=2017")
        XCTAssertEqual(response.status, .ok)
        let page = try ParsedPage(response.body.string)
        page.assertWellFormedPage(lang: "ja")
        XCTAssertEqual(page.all("h2").map(\.text), ["基本情報", "事業概要", "事業の計画・実績", "評価結果・評価コメント", "事業費の推移", "評価指標", "評価項目"])

        let costs = try XCTUnwrap(page.first("table", "class", "multi-year costs"))
        // The seed, written in 2017, heads FY2019 平成31年度; the era changed on 2019-05-01, so that year is 令和元年度.
        XCTAssertEqual(costs.first("thead")?.all("th").map(\.text), ["項目", "平成28年度", "平成29年度", "平成30年度", "令和元年度"])
        let costRows = Dictionary(uniqueKeysWithValues: costs.first("tbody")!.all("tr").map { ($0.first("th")!.text, $0.all("td").map(\.text)) })
        let seed004: [String: [String]] = [
            "決算額、当初予算額又は推進計画額": ["223", "436", "437", "437"],
            "国支出金": ["0", "0", "0", "0"], "都道府県支出金": ["0", "0", "0", "0"], "地方債": ["0", "0", "0", "0"],
            "その他特財": ["0", "0", "0", "0"], "一般財源": ["223", "436", "437", "437"],
            "① 合計": ["223", "436", "437", "437"],
            "② 人数（年間）": Array(repeating: "0.30／0.00", count: 4),
            "③ 1人当り年間平均人件費": Array(repeating: "8,400／4,500", count: 4),
            "④ = ② × ③": Array(repeating: "2,520／0", count: 4),
            "総事業費 ① + ④": ["2,743", "2,956", "2,957", "2,957"],
        ]
        XCTAssertEqual(costRows, seed004)

        let indicators = try XCTUnwrap(page.first("table", "class", "multi-year indicators"))
        var rows: [String: [String]] = [:]
        var name = ""
        for tr in indicators.first("tbody")!.all("tr") {
            let heads = tr.all("th").map(\.text)
            if heads.count == 3 { name = heads[1] }
            let cells = tr.all("td").map(\.text)
            rows["\(name)/\(heads.last!)"] = Array(cells[1..<5])
        }
        XCTAssertEqual(rows["開示請求数等/目標値"], Array(repeating: "設定困難", count: 4))
        XCTAssertEqual(rows["開示請求数等/実績値"], ["19", "", "", ""])
        XCTAssertEqual(rows["審査会開催数/目標値"], Array(repeating: "設定困難", count: 4))
        XCTAssertEqual(rows["審査会開催数/実績値"], ["0", "", "", ""])
        XCTAssertEqual(rows["情報セキュリティ研修受講者数/目標値"], ["90", "90", "90", "90"])
        XCTAssertEqual(rows["情報セキュリティ研修受講者数/実績値"], ["87", "", "", ""])
        XCTAssertEqual(rows["市民一人当たりの負担額/目標値"], ["53.6", "50.1", "50.1", "50.1"])
        // H28 as the seed entered it; later years computed: 総事業費 × 1000 ÷ the demo's population (seed 000).
        XCTAssertEqual(rows["市民一人当たりの負担額/実績値"], ["46.5", "39.4", "39.2", "38.9"])

        let body = response.body.string
        for text in ["平成30年度に向けた具体的な方向性", "前年度2次評価", "現状継続", "1次評価", "終了", "法律の義務付けあり",
                     "民間等での実施または市民等との協働の可能性はない。", "「拡大」「現状継続」「要検討」「見直し」「統合」「休止・廃止」「終了」"] {
            XCTAssertTrue(body.contains(text), text)
        }
        let scores = page.all("table").first { $0.first("caption")?.text.hasPrefix("評価項目") == true }?.all("tr").dropFirst()
            .map { [$0.first("th")!.text, $0.all("td").first!.text] }
        XCTAssertEqual(scores, [["妥当性", "3"], ["達成度", "3"], ["成果向上", "3"], ["経済性", "3"]])

        let csv = try await browser.get("/132152/staff/programmes/00832/sheet.csv?year=2017")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.string.contains("\"事業費の推移\",\"総事業費 ① + ④\",\"千円\",\"2,743\",\"2,956\",\"2,957\",\"2,957\""))
        let missing = try await browser.get("/132152/staff/programmes/99999?year=2017")
        XCTAssertEqual(missing.status, .notFound)
    }
}
