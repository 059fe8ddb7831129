import FluentKit
import Foundation
import MadoguchiCore

/// What staff type for a webhook endpoint, checked before anything is saved; each problem names
/// its field (`url`, `description`, `categories`, `areas`).
public struct WebhookEndpointInput: Sendable {
    public var url: String
    public var description: String
    public var categories: [String]
    public var areaCodes: [String]
    public var alerts: Bool
    public var active: Bool

    public static let maxURLBytes = 2000
    public static let maxDescription = 200

    public init(url: String, description: String = "", categories: [String] = [], areaCodes: [String] = [], alerts: Bool = false,
                active: Bool = true) {
        self.url = url
        self.description = description
        self.categories = categories
        self.areaCodes = areaCodes
        self.alerts = alerts
        self.active = active
    }

    struct Valid {
        let url: String
        let description: String
        let categoriesText: String
        let areaCodesText: String
        let alerts: Bool
        let active: Bool
    }

    func validate(municipalityID: UUID, on database: any Database) async throws -> Valid {
        var problems: [FieldProblem] = []
        let url = url.trimmingCharacters(in: .whitespaces)
        if let problem = Self.urlProblem(url) { problems.append(FieldProblem(field: "url", message: problem)) }
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty || description.count > Self.maxDescription
            || description.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            problems.append(FieldProblem(field: "description", message: LocalizedText(
                ja: "「説明」を改行なしの\(Self.maxDescription)文字以内で入力してください。",
                en: "Description: enter at most \(Self.maxDescription) characters on one line.")))
        }
        let categories = Array(Set(categories)).sorted()
        if categories.count > NoticeCategory.allCases.count || categories.contains(where: { NoticeCategory(rawValue: $0) == nil }) {
            problems.append(FieldProblem(field: "categories", message: LocalizedText(ja: "「分類」を一覧から選んでください。",
                                                                                     en: "Categories: choose from the list.")))
        } else if categories.isEmpty && !alerts {
            problems.append(FieldProblem(field: "categories", message: LocalizedText(
                ja: "受け取る「分類」を1つ以上選ぶか、「避難情報」を選んでください。",
                en: "Categories: choose at least one, or choose evacuation alerts.")))
        }
        let areas = Array(Set(areaCodes)).sorted()
        if areas.count > 500 {
            problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
        } else if !areas.isEmpty {
            let known = try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code ~~ areas).count()
            if known != areas.count {
                problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
            }
        }
        guard problems.isEmpty else { throw NoticesInputProblems(problems) }
        return Valid(url: url, description: description, categoriesText: AreaCodes.encode(categories), areaCodesText: AreaCodes.encode(areas),
                     alerts: alerts, active: active)
    }

    /// Why `text` cannot be an endpoint's URL, or nil: only `https://` (and `http://` for this
    /// machine only: `localhost`, 127.0.0.0/8, `::1`, for tests and a local bridge), a host, no
    /// user name or password, no fragment, no space or control character, at most `maxURLBytes`.
    static func urlProblem(_ text: String) -> LocalizedText? {
        let refused = LocalizedText(
            ja: "「URL」は https:// で始まるURLを入力してください（http:// はこのサーバー自身（localhost）のみ。ユーザー名・パスワードを含むURLは使えません）。",
            en: "URL: enter an https:// address (http:// only for this machine, localhost; no user name or password in it).")
        guard !text.isEmpty, text.utf8.count <= maxURLBytes,
              !text.unicodeScalars.contains(where: { $0.value <= 32 || $0.value == 127 || !$0.isASCII }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty,
              components.user == nil, components.password == nil, components.fragment == nil
        else { return refused }
        // The authority (between `//` and the path) must not hold an `@`, whatever a parser makes of it.
        guard let rest = text.range(of: "://").map({ text[$0.upperBound...] }),
              !rest.prefix(while: { !"/?#".contains($0) }).contains("@") else { return refused }
        switch scheme {
        case "https": return nil
        case "http": return isLoopback(host) ? nil : refused
        default: return refused
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "[::1]" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
