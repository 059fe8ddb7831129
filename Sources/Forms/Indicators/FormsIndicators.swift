import MadoguchiCore

/// The online-application figures as the manifest declares them for the plan's indicators
/// (オンライン化手続数 — the DX plan's 27 — applications per procedure per month, processing time),
/// read through `FormsFigureSource` over the shipped form definitions.
enum FormsIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "forms.online_procedures", title: LocalizedText(ja: "オンライン化手続数", en: "Procedures online"),
            unit: .procedures, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "電子申請の様式を公開している手続の数", en: "Procedures with an online application form offered"),
            source: LocalizedText(ja: "電子申請の様式定義（国立市DX推進計画の目標 27手続）",
                                  en: "The online forms offered (the DX plan's target: 27 procedures)"),
            computation: .live { _, _, _ in .count(try FormsFigureSource(catalog: FormCatalog.load()).onlineProcedureCount()) },
            read: { _, _ in .count(try FormsFigureSource(catalog: FormCatalog.load()).onlineProcedureCount()) }),
        IndicatorDeclaration(
            id: "forms.applications_by_month", title: LocalizedText(ja: "電子申請件数（手続別・月別）", en: "Online applications per procedure per month"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度内（4月〜翌3月）に受け付けた電子申請の件数", en: "Online applications received in the fiscal year (April–March)"),
            source: LocalizedText(ja: "電子申請の受付記録", en: "Online application receipts"),
            computation: .live { .table(try await FormsFigureSource(catalog: FormCatalog.load()).applicationsByMonth(municipalityID: $0, in: $1, on: $2)) },
            read: { .table(try await FormsFigureSource(catalog: FormCatalog.load()).applicationsByMonth(municipalityID: $0, on: $1)) }),
        IndicatorDeclaration(
            id: "forms.median_processing_days", title: LocalizedText(ja: "処理日数（中央値）", en: "Median processing days"),
            unit: .days, kind: .outcome, direction: .lowerIsBetter,
            definition: LocalizedText(ja: "年度内に受け付け、完了又は却下した電子申請の、受付から最初の決定までの日数の中央値",
                                      en: "Median days from receipt to the first decision (completed or rejected) of applications received in the year"),
            source: LocalizedText(ja: "電子申請の受付・処理記録", en: "Online application receipts and decisions"),
            computation: .live { .measure(try await FormsFigureSource(catalog: FormCatalog.load()).medianProcessingDays(municipalityID: $0, in: $1, on: $2)) },
            read: { .measure(try await FormsFigureSource(catalog: FormCatalog.load()).medianProcessingDays(municipalityID: $0, on: $1)) }),
    ]
}
