import MadoguchiCore

/// The catalogue's errors: what a user can act on, with every field problem of a form at once.
public struct CatalogError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?
    /// Every invalid field (CKAN "Validation Error": field → messages).
    public let problems: [FieldProblem]

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil, problems: [FieldProblem] = []) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field ?? problems.first?.field
        self.problems = problems
    }

    public static func invalid(_ problems: [FieldProblem]) -> CatalogError {
        CatalogError(.invalidInput, ja: "入力内容に誤りがあります", en: "Some fields are invalid", problems: problems)
    }

    public static let notFound = CatalogError(.notFound, ja: "データセットが見つかりません", en: "Dataset not found")
    public static let resourceNotFound = CatalogError(.notFound, ja: "リソースが見つかりません", en: "Resource not found")

    /// The publish guard found personal information and no override was given.
    public static func blockedByPublishGuard(_ findings: [PublishFinding]) -> CatalogError {
        CatalogError(.conflict, ja: "個人情報の可能性がある内容が見つかったため公開できません（\(findings.count) 件）",
                     en: "Possible personal information found (\(findings.count)); publication blocked",
                     problems: findings.map { FieldProblem(field: $0.location, message: $0.message) })
    }

    /// Messages grouped by field, the shape of CKAN's Validation Error.
    public var messagesByField: [String: [String]] {
        Dictionary(grouping: problems, by: \.field).mapValues { $0.map(\.message.en) }
    }
}
