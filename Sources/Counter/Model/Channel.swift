/// A way to do a procedure: at the counter, by post, or online (電子申請) with its link.
public struct Channel: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case counter, post, online }
    public let kind: Kind
    /// For `online`, the e-application; for `post`, where to send it.
    public let url: String?
    public let note: String?

    public init(kind: Kind, url: String? = nil, note: String? = nil) {
        self.kind = kind; self.url = url; self.note = note
    }

    enum CodingKeys: String, CodingKey { case kind, url, note }
}
