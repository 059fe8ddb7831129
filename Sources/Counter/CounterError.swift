import MadoguchiCore

/// Errors a resident, a counter clerk or an API client can act on. Each names the field at fault;
/// `problems` lists all of them when several answers are wrong at once.
public struct CounterError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?
    public let problems: [FieldProblem]

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
        self.problems = field.map { [FieldProblem(field: $0, message: LocalizedText(ja: ja, en: en))] } ?? []
    }

    /// Several answer problems reported together; the first one is the headline.
    public init(problems: [FieldProblem]) {
        precondition(!problems.isEmpty)
        kind = .invalidInput
        message = problems.count == 1 ? problems[0].message
            : LocalizedText(ja: "入力内容に\(problems.count)件の誤りがあります。" + problems[0].message.ja,
                            en: "\(problems.count) answers need correcting. " + problems[0].message.en)
        field = problems[0].field
        self.problems = problems
    }

    static func unknownLifeEvent(_ id: String, known: [String]) -> CounterError {
        CounterError(.notFound, ja: "「\(id)」というライフイベントはありません（\(known.joined(separator: "、"))）。",
                     en: "No life event \"\(id)\" (known: \(known.joined(separator: ", "))).", field: "event")
    }
}
