import FluentKit
import Foundation
import Indicators
import MadoguchiCore
import Vapor

/// The demo's 施策 「情報の積極的な発信と共有・保護」 with the history of seed 000 (国立市's
/// 施策マネジメントシート for 令和3年度), so that its sheet reads like the seed. The seed's text
/// extraction scrambles the table; `history` is one reading of it, every figure taken from the
/// seed, each row's years chosen so that the seed's own results hold (事業費計 = その他 + 一般財源,
/// トータルコスト = (A) + (B), 目標達成度 達成/達成/未達成 with 前年度比較 向上, overall C).
enum DemoMeasure {
    static let code = "joho-hasshin"
    /// The fiscal year the seed evaluates (令和3年度).
    static let evaluatedYear = 2021
    /// The seed's columns: H28 … R5 and the plan's last year R9.
    static let columns = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2027]

    static let header = MeasureCommands.Header(
        code: code, policyName: "自治体経営", name: "情報の積極的な発信と共有・保護", leadDepartment: "情報管理課",
        relatedDepartments: "市長室", author: "情報管理課 担当者")

    static let content = MeasureContent(
        targetGroups: ["市民", "行政", "事業者"],
        intent: "個人情報を適切に保護しながら、市政情報を含む様々な情報を効果的に市民等へ公開・提供・発信し、その情報が積極的に活用されるまちを目指します。",
        targetIndicators: ["indicators.population", "indicators.departments_using_resident_data"],
        outcomeIndicators: ["indicators.survey_information_disclosed", "catalog.open_data_kinds", "indicators.survey_privacy_protected"],
        directions: [
            .init(name: "情報の発信と共有",
                  purpose: "市政情報を含む様々な情報を迅速かつ広範に市民等へ公開・提供・発信し、情報の共有化を通して市政への市民参加を推進します。",
                  means: ["市報等の紙媒体とホームページ・SNSを活用し、誰もが必要な情報を得られる環境を整えます。",
                          "市の施策やまちの魅力を市外にも発信します。",
                          "情報を継続的に収集・分析し、効率的な広報につなげます。",
                          "行政情報のオープンデータ化と利活用のPRを進めます。"]),
            .init(name: "個人情報の保護",
                  purpose: "市民の個人情報を適切に保護します。",
                  means: ["先進技術の動向を踏まえ、ハード・ソフトの両面からセキュリティ対策を進めます。",
                          "職員のセキュリティ意識を高める研修を充実させます。",
                          "情報セキュリティ対策基準等のルールを定期的に見直します。"]),
        ],
        columns: columns,
        indicatorNotes: [
            "indicators.survey_information_disclosed": "国立市市民意識調査による。年0.5ポイントの増を目標としました。",
            "catalog.open_data_kinds": "ホームページ上にオープンデータとして公開したファイルの延べ数（種類）",
            "indicators.survey_privacy_protected": "国立市市民意識調査による。年1.1ポイントの増を目標としました。",
        ])

    /// (indicator, scope, series, [fiscal year: value]) as read from seed 000.
    static let history: [(id: String, perMeasure: Bool, series: IndicatorSeries, values: [Int: Double])] = [
        ("indicators.cost_national", true, .actual, [2019: 0, 2020: 0, 2021: 0]),
        ("indicators.cost_prefectural", true, .actual, [2019: 0, 2020: 0, 2021: 0]),
        ("indicators.cost_bonds", true, .actual, [2019: 0, 2020: 0, 2021: 0]),
        ("indicators.cost_other", true, .actual, [2019: 3_670, 2020: 4_120, 2021: 4_680]),
        ("indicators.cost_general", true, .actual, [2019: 21_475, 2020: 24_992, 2021: 20_724]),
        ("indicators.work_hours", true, .actual, [2019: 11_800, 2020: 12_000, 2021: 6_895]),
        ("indicators.personnel_cost", true, .actual, [2019: 56_495, 2020: 57_495, 2021: 34_475]),
        ("indicators.programme_count", true, .actual, [2017: 10, 2018: 10, 2019: 7, 2020: 7, 2021: 5]),
        ("indicators.population", false, .actual, [2017: 75_054, 2018: 75_466, 2019: 75_932, 2020: 75_984, 2021: 76_282]),
        ("indicators.population", false, .forecast, [2027: 76_423]),
        ("indicators.departments_using_resident_data", false, .actual, [2017: 43, 2018: 43, 2019: 43, 2020: 43, 2021: 43]),
        ("indicators.departments_using_resident_data", false, .forecast, [2027: 43]),
        ("indicators.survey_information_disclosed", false, .baseline, [2019: 21.0]),
        ("indicators.survey_information_disclosed", false, .target, [2019: 21.5, 2020: 22.0, 2021: 22.5, 2022: 23.0, 2023: 23.5, 2027: 25.5]),
        ("indicators.survey_information_disclosed", false, .actual, [2017: 20.0, 2018: 20.8, 2019: 21.2, 2020: 21.9, 2021: 27.8]),
        ("catalog.open_data_kinds", false, .baseline, [2019: 1]),
        ("catalog.open_data_kinds", false, .target, [2019: 1, 2020: 1, 2021: 1]),
        ("catalog.open_data_kinds", false, .actual, [2018: 2, 2019: 3, 2020: 4, 2021: 8]),
        // Seed 003 (国立市DX推進計画): 8 kinds of open data and 27 procedures online by the end of 令和7年度.
        ("catalog.open_data_kinds", false, .target, [2025: 8]),
        ("forms.online_procedures", false, .target, [2025: 27]),
        ("indicators.survey_privacy_protected", false, .baseline, Dictionary(uniqueKeysWithValues: columns.map { ($0, 31.6) })),
        ("indicators.survey_privacy_protected", false, .target, [2016: 39.7, 2017: 40.8, 2018: 41.9, 2019: 43.0, 2020: 44.1, 2021: 45.2,
                                                                 2022: 46.3, 2023: 37.8, 2027: 42.2]),
        ("indicators.survey_privacy_protected", false, .actual, [2016: 30.1, 2017: 29.5, 2018: 31.1, 2019: 31.4, 2020: 31.9, 2021: 32.3]),
    ]

    static let evaluation = EvaluationContent(
        trendGrade: .C,
        reasons: "オープンデータの公開は各自治体で進んでいるが、地域課題の解決につながる活用はまだ見えていない。\n個人情報保護については、社会全般のセキュリティ事故に対する意識が回答に反映されていると考えられる。",
        surroundings: "SNS等、多様な手段による情報提供が求められている。\n個人情報保護法の改正により、全ての地方公共団体に法が適用されることとなり、条例の見直しが必要となる。",
        opinions: "市議会一般質問で、オープンデータの推進、市報のリニューアル、動画による情報発信について要望があった。",
        comparison: "多摩26市の全ての自治体がオープンデータを公開している。",
        workThisYear: "市報、ホームページ、メール配信、SNS、動画を活用して情報を発信した。\nオープンデータを都のカタログサイトで公開した。\n研修・外部監査等により情報セキュリティ対策の維持・向上に努めた。",
        planNextYear: "情報発信を継続し、オープンデータを引き続き公開する。\n個人情報保護法の改正に対応する条例案を議会に提案する。",
        summary: "広報媒体を活用して市の情報や魅力を市内外に発信した。\n情報公開事務、個人情報の開示、情報セキュリティ監査・研修を実施した。",
        overallGrade: .C,
        policyYearAfterNext: "ホームページの充実、非常時の情報発信体制の確認、個人情報保護条例の改正、情報セキュリティ対策基準の見直しを行う。\nオープンデータの取組を継続する。",
        mediumTerm: "利用頻度の高い対象者を想定した情報発信の仕組みを構築する。\nオープンデータの活用を地域課題の解決につなげ、官民の枠を超えたデータ利活用を目指す。")

    /// Creates the 施策, enters its history through the same command staff use, and writes the
    /// seed's evaluation for 令和3年度.
    static func load(app: Application, municipality: Municipality) async throws {
        let services = app.madoguchi
        let registry = try services.indicatorRegistry
        let municipalityID = try municipality.requireID()
        try await MeasureCommands(registry: registry, audit: services.audit)
            .save(header, content: content, municipalityID: municipalityID, by: .system, on: app.db)
        let entry = IndicatorValueEntry(registry: registry, audit: services.audit)
        for row in history {
            for (year, value) in row.values.sorted(by: { $0.key < $1.key }) {
                try await entry.set(IndicatorValueInput(indicator: row.id, scope: row.perMeasure ? code : "", fiscalYear: String(year),
                                                        series: row.series.rawValue, value: IndicatorValueEntry.text(value)),
                                    municipalityID: municipalityID, by: .system, on: app.db)
            }
        }
        try await MeasureCommands(registry: registry, audit: services.audit)
            .evaluate(measureCode: code, fiscalYear: evaluatedYear, content: evaluation, municipalityID: municipalityID, by: .system, on: app.db)
    }
}
