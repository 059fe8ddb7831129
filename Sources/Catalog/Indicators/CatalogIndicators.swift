import MadoguchiCore

/// The catalogue's figures as the manifest declares them for the plan's indicators
/// (オープンデータ公開数, ダウンロード数), read through `CatalogFigureSource`.
enum CatalogIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(id: "catalog.published_datasets", title: LocalizedText(ja: "公開データセット数", en: "Published datasets")) {
            .count(try await CatalogFigureSource().publishedDatasetCount(municipalityID: $0, on: $1))
        },
        IndicatorDeclaration(id: "catalog.published_resources_by_format",
                             title: LocalizedText(ja: "形式別の公開リソース数", en: "Published resources by format")) {
            .breakdown(try await CatalogFigureSource().publishedResourceCountsByFormat(municipalityID: $0, on: $1))
        },
        IndicatorDeclaration(id: "catalog.published_datasets_by_standard",
                             title: LocalizedText(ja: "推奨データセット別の公開数", en: "Published datasets by standard dataset")) {
            .breakdown(try await CatalogFigureSource().publishedDatasetCountsByStandardDataset(municipalityID: $0, on: $1))
        },
        IndicatorDeclaration(id: "catalog.downloads_by_month", title: LocalizedText(ja: "月別ダウンロード数", en: "Downloads per month")) {
            .breakdown(try await CatalogFigureSource().downloadsByMonth(municipalityID: $0, on: $1))
        },
    ]
}
