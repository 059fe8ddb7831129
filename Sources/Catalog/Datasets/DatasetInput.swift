import Foundation
import MadoguchiCore

/// What staff enter for a dataset; validated as a whole so a form shows every problem at once.
public struct DatasetInput: Sendable, Equatable {
    public var name: String
    public var title: String
    public var notes: String
    public var departmentID: UUID
    public var tags: [String]
    public var categories: [String]
    public var licenseID: String
    public var landingPage: String?
    public var version: String?
    public var updateFrequency: String?
    public var spatial: String?
    public var temporalStart: String?
    public var temporalEnd: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var standardDataset: String?

    public init(name: String, title: String, notes: String = "", departmentID: UUID, tags: [String] = [], categories: [String] = [],
                licenseID: String = License.defaultID, landingPage: String? = nil, version: String? = nil,
                updateFrequency: String? = nil, spatial: String? = nil, temporalStart: String? = nil, temporalEnd: String? = nil,
                contactName: String? = nil, contactEmail: String? = nil, contactPhone: String? = nil, standardDataset: String? = nil) {
        self.name = name; self.title = title; self.notes = notes; self.departmentID = departmentID
        self.tags = tags; self.categories = categories; self.licenseID = licenseID; self.landingPage = landingPage
        self.version = version; self.updateFrequency = updateFrequency; self.spatial = spatial
        self.temporalStart = temporalStart; self.temporalEnd = temporalEnd; self.contactName = contactName
        self.contactEmail = contactEmail; self.contactPhone = contactPhone; self.standardDataset = standardDataset
    }

    /// Every problem, keyed by CKAN field name.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ ja: String, _ en: String) { problems.append(FieldProblem(field: field, message: LocalizedText(ja: ja, en: en))) }
        if !CatalogName.isValid(name) {
            add("name", "URL名は2〜100文字の半角英小文字・数字・- _ で入力してください", "Must be 2–100 characters of a–z, 0–9, - and _")
        }
        let trimmedTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedTitle.isEmpty { add("title", "タイトルを入力してください", "Missing value") }
        if trimmedTitle.count > 200 { add("title", "タイトルは200文字以内です", "Title is longer than 200 characters") }
        if License.named(licenseID) == nil { add("license_id", "利用できないライセンスです", "Unknown licence") }
        for tag in tags where tag.isEmpty || tag.count > 100 || tag.contains(";") {
            add("tags", "タグ「\(tag)」は1〜100文字で ; を含めないでください", "Tag \"\(tag)\" must be 1–100 characters without ;")
        }
        for category in categories where !CatalogName.isValid(category) {
            add("groups", "分類名「\(category)」が正しくありません", "Invalid category name \(category)")
        }
        if let url = landingPage, !url.isEmpty, !CellRules.isURL(url) { add("url", "URL は http:// または https:// で始めてください", "Not an http(s) URL") }
        if let email = contactEmail, !email.isEmpty, !(email.contains("@") && !email.contains(" ")) {
            add("maintainer_email", "メールアドレスが正しくありません", "Not an e-mail address")
        }
        let start = temporalStart.flatMap { $0.isEmpty ? nil : $0 }, end = temporalEnd.flatMap { $0.isEmpty ? nil : $0 }
        if let start, CivilDate(iso: start) == nil { add("temporal_start", "日付は YYYY-MM-DD です", "Use YYYY-MM-DD") }
        if let end, CivilDate(iso: end) == nil { add("temporal_end", "日付は YYYY-MM-DD です", "Use YYYY-MM-DD") }
        if let s = start.flatMap({ CivilDate(iso: $0) }), let e = end.flatMap({ CivilDate(iso: $0) }), e < s {
            add("temporal_end", "終了日が開始日より前です", "Ends before it starts")
        }
        if let frequency = updateFrequency, !frequency.isEmpty, UpdateFrequency(rawValue: frequency) == nil {
            add("update_frequency", "更新頻度が正しくありません", "Unknown update frequency")
        }
        if let standard = standardDataset, !standard.isEmpty, StandardDatasetLibrary.shared.schema(named: standard) == nil {
            add("standard_dataset", "標準データセットが見つかりません", "Unknown standard dataset")
        }
        return problems
    }
}

/// CKAN's rule for package, organization and group names.
public enum CatalogName {
    public static func isValid(_ name: String) -> Bool {
        (2...100).contains(name.count) && name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }
    }
}

/// How often a dataset is updated, as DCAT's frequency vocabulary names it.
public enum UpdateFrequency: String, Sendable, CaseIterable {
    case irregular, daily, weekly, monthly, quarterly, annual, continuous, never

    public var label: LocalizedText {
        switch self {
        case .irregular: return LocalizedText(ja: "不定期", en: "Irregular")
        case .daily: return LocalizedText(ja: "毎日", en: "Daily")
        case .weekly: return LocalizedText(ja: "毎週", en: "Weekly")
        case .monthly: return LocalizedText(ja: "毎月", en: "Monthly")
        case .quarterly: return LocalizedText(ja: "四半期ごと", en: "Quarterly")
        case .annual: return LocalizedText(ja: "毎年", en: "Annual")
        case .continuous: return LocalizedText(ja: "随時", en: "Continuous")
        case .never: return LocalizedText(ja: "更新なし", en: "Never")
        }
    }

    /// The EU frequency authority URI used in DCAT.
    public var dcatURI: String {
        let code = ["irregular": "IRREG", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
                    "annual": "ANNUAL", "continuous": "CONT", "never": "NEVER"][rawValue]!
        return "http://publications.europa.eu/resource/authority/frequency/\(code)"
    }
}
