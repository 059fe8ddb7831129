/// The licences a dataset may carry. CC BY 4.0 is the default many Japanese city catalogues use;
/// 公共データ利用規約 (PDL1.0) is the government's own terms, compatible with CC BY 4.0.
public struct License: Sendable, Codable, Equatable {
    public let id: String
    public let title: String
    public let url: String
    public let isOpen: Bool

    public static let defaultID = "cc-by-4.0"

    public static let all: [License] = [
        License(id: "cc-by-4.0", title: "クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)",
                url: "https://creativecommons.org/licenses/by/4.0/deed.ja", isOpen: true),
        License(id: "pdl-1.0", title: "公共データ利用規約（第1.0版）(PDL1.0)",
                url: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0", isOpen: true),
        License(id: "cc0-1.0", title: "CC0 1.0 全世界 パブリック・ドメイン提供",
                url: "https://creativecommons.org/publicdomain/zero/1.0/deed.ja", isOpen: true),
        License(id: "other-closed", title: "その他（非オープン）", url: "", isOpen: false),
    ]

    public static func named(_ id: String) -> License? { all.first { $0.id == id } }
}
