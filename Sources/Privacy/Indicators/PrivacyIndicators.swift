import MadoguchiCore

/// The disclosure requests' figures for the plan's indicators (seed 004's 開示請求数等, and how many
/// were decided within the legal deadline), from `PrivacyRequestStatistics`.
enum PrivacyIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "privacy.requests", title: LocalizedText(ja: "開示請求数等", en: "Disclosure requests and the like"),
            unit: .count, kind: .activity, direction: .neutral,
            definition: LocalizedText(ja: "年度内に受け付けた保有個人情報の開示・訂正・利用停止請求の件数",
                                      en: "Disclosure, correction and suspension requests received in the fiscal year"),
            source: LocalizedText(ja: "保有個人情報開示請求等ファイル", en: "The register of requests"),
            computation: .live { .count(try await PrivacyRequestStatistics.load(municipalityID: $0, fiscalYear: $1, on: $2).total) }),
        IndicatorDeclaration(
            id: "privacy.requests_within_deadline", title: LocalizedText(ja: "法定期限内に決定した請求の割合", en: "Requests decided within the legal deadline"),
            unit: .percent, kind: .outcome, direction: .higherIsBetter,
            definition: LocalizedText(ja: "期限内に決定した件数 ÷ 決定した件数 × 100（年度内に受け付けた請求）",
                                      en: "Decided within the deadline ÷ decided × 100 (requests received in the year)"),
            source: LocalizedText(ja: "保有個人情報開示請求等ファイル（期限は延長・補正を含めて計算）",
                                  en: "The register of requests (deadlines count extensions and corrections)"),
            computation: .live { municipalityID, year, db in
                let stats = try await PrivacyRequestStatistics.load(municipalityID: municipalityID, fiscalYear: year, on: db)
                let decided = stats.decisions.values.reduce(0, +)
                return .measure(decided == 0 ? nil : Double(decided - stats.late) * 100 / Double(decided))
            }),
    ]
}
