import MadoguchiCore

/// What the shelters module refuses, in Japanese and English, naming the field to correct.
public struct SheltersError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
    }

    public static let shelterNotFound = SheltersError(.notFound, ja: "避難所が見つかりません", en: "Shelter not found")
}
