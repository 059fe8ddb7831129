import Foundation

/// An Atom index of the current CAP messages: one entry per message, linking to its document (as
/// alert aggregators ingest CAP).
public struct CAPIndexFeed: Sendable {
    public var id: String
    public var title: String
    public var selfURL: String
    public var messageURL: @Sendable (AlertMessage) -> String
    public var author: String
    public var messages: [AlertMessage]
    public var emptyUpdated: Date

    public init(id: String, title: String, selfURL: String, messageURL: @escaping @Sendable (AlertMessage) -> String, author: String,
                messages: [AlertMessage], emptyUpdated: Date) {
        self.id = id
        self.title = title
        self.selfURL = selfURL
        self.messageURL = messageURL
        self.author = author
        self.messages = messages
        self.emptyUpdated = emptyUpdated
    }

    public var updated: Date { messages.map(\.sent).max() ?? emptyUpdated }

    public var atom: String {
        let e = XMLText.escape
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n"
        x += "  <id>\(e(id))</id>\n  <title>\(e(title))</title>\n  <updated>\(CAPTime.format(updated))</updated>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(selfURL))\"/>\n"
        x += "  <author><name>\(e(author))</name></author>\n"
        for message in messages {
            let level = AlertLevel(rawValue: message.level)?.label.ja ?? "警戒レベル\(message.level)"
            x += "  <entry>\n    <id>urn:uuid:\(message.id!.uuidString.lowercased())</id>\n"
            x += "    <title>\(e("\(level) \(message.issuance)"))</title>\n"
            x += "    <updated>\(CAPTime.format(message.sent))</updated>\n"
            x += "    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"\(e(messageURL(message)))\"/>\n"
            x += "    <summary>\(e("\(message.messageType.rawValue): \(level) \(message.issuance)"))</summary>\n"
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return x
    }
}
