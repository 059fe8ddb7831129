/// A user-facing text in the two languages of the interface.
public struct LocalizedText: Hashable, Sendable, Codable {
    public let ja: String
    public let en: String
    public init(ja: String, en: String) { self.ja = ja; self.en = en }

    public func text(_ language: UILanguage) -> String { language == .en ? en : ja }
}

/// An interface language.
public enum UILanguage: String, CaseIterable, Sendable, Codable {
    case ja, en
}
