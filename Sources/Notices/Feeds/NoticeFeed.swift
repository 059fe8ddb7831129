import Foundation

/// Atom 1.0 (RFC 4287) and RSS 2.0 documents of published notices, written from the same model.
/// An entry's `id` is its notice's permanent `urn:uuid:`; `updated` moves with every correction
/// while `published` stays.
public struct NoticeFeed: Sendable {
    /// A permanent id for the feed (`tag:` URI), independent of the site's address.
    public var id: String
    public var title: String
    public var subtitle: String
    /// The feed's own URL (`rel="self"`) and the page it mirrors (`rel="alternate"`).
    public var selfURL: String
    public var alternateURL: String
    /// The URL of a notice's page, by id.
    public var entryURL: @Sendable (UUID) -> String
    public var author: String
    public var language: String
    public var notices: [Notice]
    /// Shown when no notice was ever published (the feed still needs an `updated`).
    public var emptyUpdated: Date

    public init(id: String, title: String, subtitle: String, selfURL: String, alternateURL: String,
                entryURL: @escaping @Sendable (UUID) -> String, author: String, language: String = "ja", notices: [Notice],
                emptyUpdated: Date) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.selfURL = selfURL
        self.alternateURL = alternateURL
        self.entryURL = entryURL
        self.author = author
        self.language = language
        self.notices = notices
        self.emptyUpdated = emptyUpdated
    }

    /// The feed's `updated`: its latest entry's, or `emptyUpdated`.
    public var updated: Date { notices.map(\.lastChanged).max() ?? emptyUpdated }

    /// The permanent id of a notice in every feed.
    public static func entryID(_ id: UUID) -> String { "urn:uuid:\(id.uuidString.lowercased())" }

    public var atom: String {
        let e = XMLText.escape
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(e(language))\">\n"
        x += "  <id>\(e(id))</id>\n  <title>\(e(title))</title>\n  <subtitle>\(e(subtitle))</subtitle>\n"
        x += "  <updated>\(Self.rfc3339(updated))</updated>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(selfURL))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(e(alternateURL))\"/>\n"
        x += "  <author><name>\(e(author))</name></author>\n"
        for notice in notices {
            let body = SafeMarkdown.html(SafeMarkdown.parse(notice.body))
            x += "  <entry>\n"
            x += "    <id>\(Self.entryID(notice.id!))</id>\n"
            x += "    <title>\(e(notice.title))</title>\n"
            x += "    <published>\(Self.rfc3339(notice.visibleFrom ?? notice.createdAt))</published>\n"
            x += "    <updated>\(Self.rfc3339(notice.lastChanged))</updated>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(e(entryURL(notice.id!)))\"/>\n"
            x += "    <category term=\"\(e(notice.categoryRaw))\" label=\"\(e(notice.category.label.ja))\"/>\n"
            x += "    <content type=\"html\">\(e(body))</content>\n"
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return x
    }

    public var rss: String {
        let e = XMLText.escape
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n"
        x += "  <title>\(e(title))</title>\n  <link>\(e(alternateURL))</link>\n  <description>\(e(subtitle))</description>\n"
        x += "  <language>\(e(language))</language>\n"
        x += "  <lastBuildDate>\(Self.rfc822(updated))</lastBuildDate>\n"
        x += "  <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"\(e(selfURL))\"/>\n"
        for notice in notices {
            let body = SafeMarkdown.html(SafeMarkdown.parse(notice.body))
            x += "  <item>\n"
            x += "    <title>\(e(notice.title))</title>\n"
            x += "    <link>\(e(entryURL(notice.id!)))</link>\n"
            x += "    <guid isPermaLink=\"false\">\(Self.entryID(notice.id!))</guid>\n"
            x += "    <pubDate>\(Self.rfc822(notice.visibleFrom ?? notice.createdAt))</pubDate>\n"
            x += "    <category>\(e(notice.category.label.ja))</category>\n"
            x += "    <description>\(e(body))</description>\n"
            x += "  </item>\n"
        }
        x += "</channel>\n</rss>\n"
        return x
    }

    /// RFC 3339 in Japan time (`2026-12-06T20:00:00+09:00`).
    public static func rfc3339(_ date: Date) -> String { CAPTime.format(date) }

    /// RFC 822 (`Sun, 06 Dec 2026 20:00:00 +0900`), as RSS 2.0 asks.
    public static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = NoticeInputParsing.japan
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
