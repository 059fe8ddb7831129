import MadoguchiCore

/// The catalogue's figures as the manifest declares them for the plan's indicators
/// (オープンデータとして公開したファイルの数, 推奨データセットの準拠, ダウンロード数), read through `CatalogFigureSource`.
enum CatalogIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "catalog.published_datasets", title: LocalizedText(ja: "公開データセット数", en: "Published datasets"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度末時点で公開しているデータセットの数", en: "Datasets public at the end of the fiscal year"),
            source: LocalizedText(ja: "オープンデータカタログ", en: "The open-data catalogue"),
            computation: .live { .count(try await CatalogFigureSource().publishedDatasets(municipalityID: $0, asOfEndOf: $1, on: $2).count) },
            read: { .count(try await CatalogFigureSource().publishedDatasetCount(municipalityID: $0, on: $1)) }),
        IndicatorDeclaration(
            id: "catalog.open_data_kinds", title: LocalizedText(ja: "オープンデータとして公開したファイルの数（種類）", en: "Kinds of open data published"),
            unit: .datasets, kind: .outcome, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度末時点で公開している自治体標準オープンデータセットの種類の数（延べ数）",
                                      en: "Kinds of standard open dataset public at the end of the fiscal year (cumulative)"),
            source: LocalizedText(ja: "オープンデータカタログ（国立市DX推進計画の目標 8種類）", en: "The open-data catalogue (the DX plan's target: 8 kinds)"),
            computation: .live { .count(try await CatalogFigureSource().publishedStandardKinds(municipalityID: $0, asOfEndOf: $1, on: $2)) },
            read: { .breakdown(try await CatalogFigureSource().publishedDatasetCountsByStandardDataset(municipalityID: $0, on: $1)) }),
        IndicatorDeclaration(
            id: "catalog.conforming_standard_datasets", title: LocalizedText(ja: "標準に準拠した推奨データセット数", en: "Standard datasets that conform"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度末時点で公開している推奨データセットのうち、現在のファイルが標準の形式に準拠しているものの数",
                                      en: "Published standard datasets whose current file conforms to the standard"),
            source: LocalizedText(ja: "オープンデータカタログの形式検証", en: "The catalogue's validation of files"),
            computation: .live { .breakdown(try await CatalogFigureSource().conformingStandardDatasets(municipalityID: $0, asOfEndOf: $1, on: $2)) }),
        IndicatorDeclaration(
            id: "catalog.published_resources_by_format", title: LocalizedText(ja: "形式別の公開リソース数", en: "Published resources by format"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "現在公開しているリソースの数（ファイル形式別）", en: "Resources public now, by file format"),
            source: LocalizedText(ja: "オープンデータカタログ", en: "The open-data catalogue"),
            computation: .live { municipalityID, _, db in .breakdown(try await CatalogFigureSource().publishedResourceCountsByFormat(municipalityID: municipalityID, on: db)) },
            read: { .breakdown(try await CatalogFigureSource().publishedResourceCountsByFormat(municipalityID: $0, on: $1)) }),
        IndicatorDeclaration(
            id: "catalog.published_datasets_by_standard", title: LocalizedText(ja: "推奨データセット別の公開数", en: "Published datasets by standard dataset"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度末時点で公開しているデータセットの数（推奨データセット別）", en: "Datasets public at the end of the year, by standard dataset"),
            source: LocalizedText(ja: "オープンデータカタログ", en: "The open-data catalogue"),
            computation: .live {
                .breakdown(try await CatalogFigureSource().publishedDatasets(municipalityID: $0, asOfEndOf: $1, on: $2)
                    .reduce(into: [:]) { counts, d in if let s = d.standardDataset { counts[s, default: 0] += 1 } })
            },
            read: { .breakdown(try await CatalogFigureSource().publishedDatasetCountsByStandardDataset(municipalityID: $0, on: $1)) }),
        IndicatorDeclaration(
            id: "catalog.downloads_by_month", title: LocalizedText(ja: "月別ダウンロード数", en: "Downloads per month"),
            unit: .count, kind: .activity, direction: .higherIsBetter,
            definition: LocalizedText(ja: "年度内のファイルのダウンロード数（同じ利用者の同じ日の同じファイルは1回）",
                                      en: "File downloads in the fiscal year (one per client, file and day)"),
            source: LocalizedText(ja: "オープンデータカタログのダウンロード記録", en: "The catalogue's download counts"),
            computation: .live { .breakdown(try await CatalogFigureSource().downloadsByMonth(municipalityID: $0, in: $1, on: $2)) },
            read: { .breakdown(try await CatalogFigureSource().downloadsByMonth(municipalityID: $0, on: $1)) }),
    ]
}
