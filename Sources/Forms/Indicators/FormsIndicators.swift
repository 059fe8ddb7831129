import MadoguchiCore

/// The online-application figures as the manifest declares them for the plan's indicators
/// (オンライン化手続数, applications per month, processing time), read through `FormsFigureSource`
/// over the shipped form definitions.
enum FormsIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(id: "forms.online_procedures", title: LocalizedText(ja: "オンライン化手続数", en: "Procedures online")) { _, _ in
            .count(try FormsFigureSource(catalog: FormCatalog.load()).onlineProcedureCount())
        },
        IndicatorDeclaration(id: "forms.applications_by_month",
                             title: LocalizedText(ja: "手続別・月別の申請数", en: "Applications per procedure per month")) {
            .table(try await FormsFigureSource(catalog: FormCatalog.load()).applicationsByMonth(municipalityID: $0, on: $1))
        },
        IndicatorDeclaration(id: "forms.median_processing_days",
                             title: LocalizedText(ja: "処理日数（中央値）", en: "Median processing days")) {
            .measure(try await FormsFigureSource(catalog: FormCatalog.load()).medianProcessingDays(municipalityID: $0, on: $1))
        },
    ]
}
