import FluentKit
import Foundation
import MadoguchiCore

/// Generated, published datasets for load tests: titles and descriptions drawn from 25 subjects and
/// 10 districts, two tags each, dated over ten years, indexed for search exactly as a staff edit
/// indexes them. Used by the search benchmark and by `madoguchi demo add-datasets` (the HTTP
/// benchmark at 100,000 datasets); never by the server on its own.
public enum SyntheticCatalog {
    public static let subjects = ["指定緊急避難場所", "指定避難所", "AED設置箇所", "公共施設", "子育て施設", "文化財", "イベント", "観光施設", "医療機関",
                                  "介護サービス事業所", "町丁別人口", "公園", "図書館", "ごみ収集日", "防災倉庫", "道路工事", "橋梁点検", "保育園",
                                  "小学校", "バス停", "駐輪場", "給水拠点", "投票所", "消火栓", "街路樹"]
    public static let areas = ["富士見台", "中", "東", "西", "北", "谷保", "青柳", "石田", "泉", "矢川"]

    /// Most datasets one call adds (a load test of the size, with room).
    public static let maximumCount = 1_000_000

    /// Adds datasets numbered `first ..< first + count` (names `load-test-<n>`), 1,000 per transaction.
    /// Raises the public content version so every instance's cached pages show them. Returns how many were added.
    @discardableResult
    public static func add(count: Int, startingAt first: Int = 0, municipalityID: UUID, departmentID: UUID,
                           on database: any Database) async throws -> Int {
        guard count > 0 else { return 0 }
        let total = min(count, maximumCount)
        let today = CivilDate.today()
        // What DatasetIndexer reads per dataset, read once: the department, and no categories or resources.
        let department = try await Department.find(departmentID, on: database)
        let organization = (name: department?.code ?? "", title: department?.name ?? "")
        var made = 0
        while made < total {
            let range = (first + made)..<(first + min(made + 1_000, total))
            try await database.transaction { tx in
                for i in range {
                    let d = Dataset()
                    d.id = UUID()
                    d.municipalityID = municipalityID
                    d.departmentID = departmentID
                    d.name = "load-test-\(i)"
                    d.title = "\(areas[i % areas.count])地区の\(subjects[(i / areas.count) % subjects.count])一覧（\(2000 + i % 26)年度）"
                    d.notes = "\(subjects[i % subjects.count])に関するデータです。整理番号\(i)。"
                    d.licenseID = "cc-by-4.0"
                    d.tagsText = "\(subjects[i % subjects.count]);\(areas[i % areas.count])"
                    d.categoriesText = ""
                    d.state = .published
                    d.createdAt = Date(timeIntervalSinceNow: -Double(i % 3650) * 86_400)
                    d.modifiedAt = d.createdAt
                    d.modifiedDay = today.adding(days: -(i % 3650)).dayNumber
                    try await d.create(on: tx)
                    try await SearchIndex.reindex(d, organization: organization, categoryTitles: [], resources: [], on: tx)
                }
            }
            made += range.count
        }
        try await PublicContentVersion.bump(on: database)
        return made
    }

    /// How many generated datasets the municipality holds (the next call numbers on from there).
    public static func count(municipalityID: UUID, on database: any Database) async throws -> Int {
        try await Dataset.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$name =~ "load-test-").count()
    }
}
