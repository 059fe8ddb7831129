import Foundation
import Indicators
import MadoguchiCore
import Vapor

/// The demo's 事務事業 「個人情報セキュリティ対策事業」 with the figures and evaluation of seed 004
/// (平成28〜31年度; the evaluation written in 平成29年度 for 平成30年度), so that its sheet reads like
/// the seed. 人件費 and 総事業費 are not entered: the sheet computes them (② × ③, ① + ④).
enum DemoProgramme {
    static let code = "00832"
    static let evaluatedYear = 2017
    static let columns = [2016, 2017, 2018, 2019]

    static let content = ProgrammeContent(
        basics: [LabelledText("事務区分", "自治事務"), LabelledText("根拠法令等", "個人情報保護条例、情報セキュリティポリシー"),
                 LabelledText("事務事業開始年度", "平成15年度"), LabelledText("終了予定年度", "平成29年度"), LabelledText("個別計画等", ""),
                 LabelledText("ソフト・ハード区分", "ソフト事業"), LabelledText("会計区分", "一般会計"), LabelledText("補助単独区分", "単独"),
                 LabelledText("新規継続区分", "継続")],
        planStructure: ["快適な生活環境のまち", "情報公開・広報広聴の充実", "個人情報の保護"],
        target: "市が保有する個人情報",
        purpose: "市が保有する行政情報及び市民の個人情報を適正に管理し保護するため、必要な対策を講じる。",
        activities: [LabelledText("28年度まで", "審査会の開催、番号制度に合わせた条例の改正、情報セキュリティポリシーの改定、職員研修の実施。"),
                     LabelledText("29年度", "最新のセキュリティポリシーに合わせた運用の実施、職員研修とセキュリティ意識の啓発の継続。")],
        plans: columns.map { .init(year: $0, plan: "セキュリティポリシーの運用、セキュリティ研修の実施、関連書籍等の購入",
                                   actual: $0 <= 2016 ? "セキュリティポリシーの運用、セキュリティ研修の実施、関連書籍等の購入" : "") },
        columns: columns,
        activityIndicators: ["privacy.requests", "indicators.review_board_meetings", "indicators.security_training_attendees"],
        outcomeIndicators: ["indicators.cost_per_resident"],
        targetNotSettable: ["privacy.requests", "indicators.review_board_meetings"])

    static let history: [(id: String, perProgramme: Bool, series: IndicatorSeries, values: [Int: Double])] = [
        ("indicators.settled_amount", true, .actual, [2016: 223, 2017: 436, 2018: 437, 2019: 437]),
        ("indicators.cost_national", true, .actual, [2016: 0, 2017: 0, 2018: 0, 2019: 0]),
        ("indicators.cost_prefectural", true, .actual, [2016: 0, 2017: 0, 2018: 0, 2019: 0]),
        ("indicators.cost_bonds", true, .actual, [2016: 0, 2017: 0, 2018: 0, 2019: 0]),
        ("indicators.cost_other", true, .actual, [2016: 0, 2017: 0, 2018: 0, 2019: 0]),
        ("indicators.cost_general", true, .actual, [2016: 223, 2017: 436, 2018: 437, 2019: 437]),
        ("indicators.staff_regular", true, .actual, [2016: 0.3, 2017: 0.3, 2018: 0.3, 2019: 0.3]),
        ("indicators.staff_reappointed", true, .actual, [2016: 0, 2017: 0, 2018: 0, 2019: 0]),
        ("indicators.average_cost_regular", true, .actual, [2016: 8_400, 2017: 8_400, 2018: 8_400, 2019: 8_400]),
        ("indicators.average_cost_reappointed", true, .actual, [2016: 4_500, 2017: 4_500, 2018: 4_500, 2019: 4_500]),
        ("privacy.requests", false, .actual, [2016: 19]),
        ("indicators.review_board_meetings", false, .actual, [2016: 0]),
        ("indicators.security_training_attendees", false, .target, [2016: 90, 2017: 90, 2018: 90, 2019: 90]),
        ("indicators.security_training_attendees", false, .actual, [2016: 87]),
        ("indicators.cost_per_resident", true, .target, [2016: 53.6, 2017: 50.1, 2018: 50.1, 2019: 50.1]),
        ("indicators.cost_per_resident", true, .actual, [2016: 46.5]),
    ]

    static let evaluation = ProgrammeEvaluationContent(
        scores: [
            .init(item: .validity, score: 3, comment: "市が保有する個人情報は市民全体の情報資産であり、これを守ることは市の責務である。"),
            .init(item: .achievement, score: 3, comment: "開示・訂正・利用停止の請求権を確保する制度が有効に機能している。"),
            .init(item: .improvement, score: 3, comment: "制度の整備と職員の意識向上という地道な取組が必要で、大きく成果を上げる代替策は難しい。"),
            .init(item: .economy, score: 3, comment: "条例に基づく事務であり人的負担の削減は難しく、研修も現状規模が必要である。"),
        ],
        judgements: [
            .init(stage: "前年度2次評価", verdict: .continueAsIs, direction: "現状継続とする。"),
            .init(stage: "1次評価", verdict: .end, direction: "経常的な運用の段階に入っているため、政策事業としては終了する。"),
            .init(stage: "2次評価", verdict: .end, direction: "引き続き個人情報を適正に管理し、保護すること。"),
        ],
        legallyRequired: true, privateSectorPossible: false)

    static func load(app: Application, municipality: Municipality) async throws {
        let services = app.madoguchi
        let registry = try services.indicatorRegistry
        let municipalityID = try municipality.requireID()
        let commands = ProgrammeCommands(registry: registry, audit: services.audit)
        try await commands.save(code: code, name: "個人情報セキュリティ対策事業", department: "総務部行政管理課", phone: "内線3504",
                                content: content, municipalityID: municipalityID, by: .system, on: app.db)
        let entry = IndicatorValueEntry(registry: registry, audit: services.audit)
        for row in history {
            for (year, value) in row.values.sorted(by: { $0.key < $1.key }) {
                try await entry.set(IndicatorValueInput(indicator: row.id, scope: row.perProgramme ? code : "", fiscalYear: String(year),
                                                        series: row.series.rawValue, value: IndicatorValueEntry.text(value)),
                                    municipalityID: municipalityID, by: .system, on: app.db)
            }
        }
        try await commands.evaluate(programmeCode: code, fiscalYear: evaluatedYear, content: evaluation, municipalityID: municipalityID,
                                    by: .system, on: app.db)
    }
}
