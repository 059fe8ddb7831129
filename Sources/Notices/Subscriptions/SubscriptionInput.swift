import FluentKit
import Foundation
import MadoguchiCore

/// What a resident typed on the subscribe or manage form.
public struct SubscriptionInput: Sendable {
    public var address: String
    /// Category raw values (`kurashi`, …); at least one.
    public var categories: [String]
    /// Area codes; none means the whole municipality.
    public var areaCodes: [String]
    /// `ja` or `en`.
    public var language: String

    public init(address: String = "", categories: [String], areaCodes: [String] = [], language: String = "ja") {
        self.address = address
        self.categories = categories
        self.areaCodes = areaCodes
        self.language = language
    }

    /// The most categories or areas a form may send (more is refused, naming the field).
    public static let maxChoices = 200

    struct Preferences {
        var categories: [NoticeCategory], areaCodes: [String], language: String
    }

    /// The categories, areas and language, checked; every problem is added to `problems`.
    func preferences(municipalityID: UUID, problems: inout [FieldProblem], on database: any Database) async throws -> Preferences {
        var categories: [NoticeCategory] = []
        let rawCategories = Set(self.categories.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if rawCategories.isEmpty {
            problems.append(FieldProblem(field: "categories", message: LocalizedText(
                ja: "「配信を希望する分類」を1つ以上選んでください。", en: "Categories: choose at least one.")))
        } else if self.categories.count > Self.maxChoices || rawCategories.contains(where: { NoticeCategory(rawValue: $0) == nil }) {
            problems.append(FieldProblem(field: "categories", message: LocalizedText(
                ja: "「配信を希望する分類」を一覧から選んでください。", en: "Categories: choose from the list.")))
        } else {
            categories = NoticeCategory.allCases.filter { rawCategories.contains($0.rawValue) }
        }
        let codes = Array(Set(areaCodes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        if areaCodes.count > Self.maxChoices || codes.count > NoticeInput.maxAreas || !codes.allSatisfy(NoticeArea.isValidCode) {
            problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
        } else if !codes.isEmpty {
            let known = try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code ~~ codes).count()
            if known != codes.count {
                problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
            }
        }
        let language = self.language == "en" ? "en" : "ja"
        return Preferences(categories: categories, areaCodes: codes, language: language)
    }

    /// The address, trimmed, or nil with a problem naming the field.
    func checkedAddress(problems: inout [FieldProblem]) -> String? {
        let address = address.trimmingCharacters(in: .whitespacesAndNewlines)
        if address.isEmpty {
            problems.append(FieldProblem(field: "address", message: LocalizedText(
                ja: "「メールアドレス」を入力してください。", en: "E-mail address: enter your address.")))
            return nil
        }
        guard EmailAddress.isValid(address) else {
            problems.append(FieldProblem(field: "address", message: LocalizedText(
                ja: "「メールアドレス」は半角英数字で name@example.jp の形で、254文字以内で入力してください。",
                en: "E-mail address: write it as name@example.jp, in at most 254 characters.")))
            return nil
        }
        return address
    }
}
