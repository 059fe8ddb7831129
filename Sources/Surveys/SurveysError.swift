import MadoguchiCore

/// What the surveys module refuses, naming the field to correct.
public struct SurveysError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let problems: [FieldProblem]

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.problems = field.map { [FieldProblem(field: $0, message: LocalizedText(ja: ja, en: en))] } ?? []
    }

    public init(problems: [FieldProblem]) {
        self.kind = .invalidInput
        self.message = problems.first?.message ?? LocalizedText(ja: "入力内容を確認してください", en: "Check the answers")
        self.problems = problems
    }

    static func invalid(_ field: String, ja: String, en: String) -> SurveysError {
        SurveysError(.invalidInput, ja: ja, en: en, field: field)
    }

    public static let notFound = SurveysError(.notFound, ja: "調査が見つかりません", en: "Survey not found")
    public static let closed = SurveysError(.conflict, ja: "この調査の回答受付は終了しました", en: "This survey no longer accepts answers")
    public static let codeUnknown = SurveysError(
        .invalidInput, ja: "招待コードが正しくありません。お手元の案内に記載のコードを入力してください",
        en: "The invitation code is not valid; enter the code printed on your letter", field: "code")
    public static let codeUsed = SurveysError(
        .conflict, ja: "この招待コードはすでに回答に使われています。回答は1つのコードにつき1回です",
        en: "This invitation code has already been used; each code answers once", field: "code")
}
