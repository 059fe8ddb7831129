import FluentKit
import Foundation

/// A municipality (tenant). Every tenant-owned row points to one.
public final class Municipality: Model, @unchecked Sendable {
    public static let schema = "municipalities"

    @ID(key: .id) public var id: UUID?
    /// 全国地方公共団体コード, validated with its check digit before saving.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "name_en") public var nameEnglish: String
    @Field(key: "prefecture") public var prefecture: String
    @Field(key: "population") public var population: Int
    @Field(key: "fiscal_year_start_month") public var fiscalYearStartMonth: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, code: MunicipalityCode, name: String, nameEnglish: String, prefecture: String,
                population: Int, fiscalYearStartMonth: Int = 4) {
        self.id = id
        self.code = code.rawValue
        self.name = name
        self.nameEnglish = nameEnglish
        self.prefecture = prefecture
        self.population = population
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }

    public func name(in language: UILanguage) -> String { language == .en ? nameEnglish : name }

    public func fiscalYear(containing date: CivilDate) -> FiscalYear {
        FiscalYear(containing: date, startMonth: fiscalYearStartMonth)
    }
}
