import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy
import SQLKit

/// Sends published notices and alert messages to subscribers. Publishing writes a `NoticeFanOut`
/// in its own transaction (`record`, one per source); `queueDue` expands the due ones in chunks of
/// subscribers in id order, each chunk in one transaction that holds the fan-out's row, queues the
/// mails of the subscribers after its cursor and moves the cursor past them. So a retried publish,
/// a second instance working on the same fan-out, or a restart after a crash in the middle never
/// queues a subscriber's message twice, and never loses one.
public struct NoticeFanOuts: Sendable {
    let cipher: FieldCipher
    let outbox: MailOutbox
    let publicURL: String

    /// Subscribers handled per transaction.
    public static let chunkSize = 1000

    public init(cipher: FieldCipher, outbox: MailOutbox, publicURL: String) {
        self.cipher = cipher
        self.outbox = outbox
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// Records, in the caller's transaction, that a notice's first publication is to be mailed to
    /// the active subscribers of its category and areas from the time residents can see it.
    /// Idempotent: a second record of the same publication is skipped (its source is unique).
    public static func record(notice: Notice, on db: any Database) async throws {
        try await insert(source: "notice:\(try notice.requireID().uuidString.lowercased()):1", kind: .notice, subjectID: try notice.requireID(),
                         municipalityID: notice.municipalityID, category: notice.categoryRaw, areaCodesText: notice.areaCodesText,
                         dueAt: notice.visibleFrom ?? Date(), on: db)
    }

    /// Records, in the caller's transaction, that a correction (更新) of a published notice is to be
    /// mailed to the same subscribers as its publication, once per correction (its source names the
    /// revision). A notice residents cannot see yet sends nothing for it: its publication, still to
    /// come, carries the corrected text.
    static func record(correction notice: Notice, at date: Date, on db: any Database) async throws {
        guard notice.state == .published, notice.revision > 1, let visible = notice.visibleFrom, visible <= date else { return }
        let id = try notice.requireID()
        try await insert(source: "notice:\(id.uuidString.lowercased()):\(notice.revision)", kind: .notice, subjectID: id,
                         municipalityID: notice.municipalityID, category: notice.categoryRaw, areaCodesText: notice.areaCodesText,
                         dueAt: date, on: db)
    }

    /// Records, in the caller's transaction, that an alert message (issue, update or lift) is to be
    /// mailed at once to every active subscriber of its areas, whatever their categories.
    static func record(alertMessage message: AlertMessage, on db: any Database) async throws {
        try await insert(source: "alert:\(try message.requireID().uuidString.lowercased())", kind: .alert, subjectID: try message.requireID(),
                         municipalityID: message.municipalityID, category: nil, areaCodesText: message.areaCodesText,
                         // At once: a message's CAP `sent` may be a second ahead (it follows the earlier one's).
                         dueAt: Date(), on: db)
    }

    private static func insert(source: String, kind: NoticeFanOut.Kind, subjectID: UUID, municipalityID: UUID, category: String?,
                               areaCodesText: String, dueAt: Date, on db: any Database) async throws {
        try await db.sql(for: "the notices' fan-out").insert(into: NoticeFanOut.schema)
            .columns("id", "municipality_id", "source", "kind", "subject_id", "category", "area_codes", "due_at", "queued", "created_at")
            .values(SQLBind(UUID()), SQLBind(municipalityID), SQLBind(source), SQLBind(kind.rawValue), SQLBind(subjectID), SQLBind(category),
                    SQLBind(areaCodesText), SQLBind(dueAt), SQLBind(0), SQLBind(Date()))
            .ignoringConflicts(with: ["source"])
            .run()
    }

    /// Starts this instance's `notices.fanout` round now (called once a publication, correction or
    /// alert message is committed): an alert's mails are queued at once, not at the job's next poll.
    public static func wake() { JobWakeups.shared.wake(SubscriptionJobs.fanOut.name) }

    /// Queues the messages of every due fan-out; returns how many messages it queued.
    @discardableResult
    public func queueDue(now: Date = Date(), on database: any Database) async throws -> Int {
        var total = 0
        let due = try await NoticeFanOut.query(on: database).filter(\.$doneAt == nil).filter(\.$dueAt <= now)
            .sort(\.$createdAt).limit(20).all()
        for fanOut in due {
            guard let content = try await FanOutContent.load(fanOut, publicURL: publicURL, on: database) else {
                fanOut.doneAt = now
                try await fanOut.save(on: database)
                continue
            }
            total += try await NoticeWebhookFanOut(outbox: outbox, publicURL: publicURL).queue(fanOut, now: now, on: database)
            while true {
                let (queued, more) = try await queueChunk(fanOut, content: content, now: now, on: database)
                total += queued
                // Delivery starts with the first chunk, while the next ones are queued.
                if queued > 0 { JobWakeups.shared.wake(MailOutbox.deliveryJob.name) }
                if !more { break }
            }
        }
        return total
    }

    /// One chunk: the next subscribers after the cursor, their mails and the cursor moved, in one
    /// transaction, so a crash leaves either the whole chunk queued and the cursor after it, or
    /// neither. The transaction first writes the fan-out's row and reads its cursor back from it
    /// (`claim`): on PostgreSQL the row stays locked until the commit, on SQLite the write lock is
    /// taken, so a second instance working on the same fan-out waits and then continues after this
    /// chunk instead of queueing it again. Set-based: one SELECT of the subscribers (id, sealed
    /// address, language: no model is built), one `enqueue` of their template and
    /// personalisations per language, one UPDATE of the fan-out; on SQLite with the connection's
    /// bulk-write settings (`SQLiteBulkWrite`). Each subscriber's manage and unsubscribe links carry
    /// a `MessageLinkToken`, computed here, so nothing else is written per subscriber.
    private func queueChunk(_ fanOut: NoticeFanOut, content: FanOutContent, now: Date, on database: any Database) async throws -> (Int, Bool) {
        try await database.transaction { db in try await SQLiteBulkWrite.run(on: db) {
            let sql = try db.sql(for: "the notices' fan-out")
            let fanOutID = try fanOut.requireID()
            guard let cursor = try await Self.claim(fanOutID, on: sql) else {
                // Another instance finished it meanwhile.
                fanOut.doneAt = fanOut.doneAt ?? now
                return (0, false)
            }
            let subscribers = try await Self.subscribers(of: fanOut, after: cursor, limit: Self.chunkSize, on: sql)
            guard let last = subscribers.last else {
                try await sql.update(NoticeFanOut.schema).set("done_at", to: SQLBind(now)).where("id", .equal, SQLBind(fanOutID)).run()
                fanOut.doneAt = now
                return (0, false)
            }
            // One template per language (the notice's text, the footer and headers with the
            // subscriber's link token as a field); per subscriber only the address and the token.
            var recipients: [String: [MailOutbox.Personalised]] = [:]
            for subscriber in subscribers {
                guard let address = try? cipher.decrypt(subscriber.address, binding: NoticeSubscription.binding(id: subscriber.id)) else { continue }
                let token = MessageLinkToken.make(subscriptionID: subscriber.id, municipalityID: fanOut.municipalityID, ring: cipher.keyRing)
                recipients[subscriber.language == "en" ? "en" : "ja", default: []].append(
                    MailOutbox.Personalised(to: address, fields: [FanOutContent.tokenField: token], recipient: subscriber.id.uuidString.lowercased()))
            }
            var queued = 0
            for (language, people) in recipients.sorted(by: { $0.key < $1.key }) {
                try await outbox.enqueue(content.template(in: language), for: people, kind: NoticeSubscriptions.messageMailKind,
                                         municipalityID: fanOut.municipalityID, reference: NoticeSubscriptions.referencePrefix + fanOut.source, on: db)
                queued += people.count
            }
            let more = subscribers.count == Self.chunkSize
            try await sql.update(NoticeFanOut.schema).set("cursor", to: SQLBind(last.id)).set(SQLIdentifier("queued"), to: SQLRaw("queued + \(queued)"))
                .set("done_at", to: more ? SQLLiteral.null as any SQLExpression : SQLBind(now)).where("id", .equal, SQLBind(fanOutID)).run()
            fanOut.cursor = last.id
            fanOut.queued += queued
            if !more { fanOut.doneAt = now }
            return (queued, more)
        } }
    }

    /// The cursor of an unfinished fan-out as it is now, read back from a write of its row in the
    /// caller's transaction (which holds the row, or SQLite's write lock, until it ends): `.some(nil)`
    /// before its first chunk, nil when it is done.
    static func claim(_ fanOutID: UUID, on sql: any SQLDatabase) async throws -> UUID?? {
        guard let row = try await sql.raw("""
            UPDATE \(ident: NoticeFanOut.schema) SET queued = queued WHERE id = \(bind: fanOutID) AND done_at IS NULL RETURNING cursor
            """).first() else { return nil }
        return .some(try row.decode(column: "cursor", as: UUID?.self))
    }

    /// A subscriber as the fan-out reads it.
    struct Subscriber { let id: UUID; let address: String; let language: String }

    /// The next active subscribers of the fan-out's municipality after its cursor, in id order: of its
    /// category (notices only) and of one of its areas or the whole municipality (when it names areas).
    /// Area and category are matched as `|code|` substrings (`strpos`/`instr`, no LIKE pattern).
    static func subscribers(of fanOut: NoticeFanOut, after cursor: UUID?, limit: Int, on sql: any SQLDatabase) async throws -> [Subscriber] {
        let contains = sql.dialect.name == "postgresql" ? "strpos" : "instr"
        var query: SQLQueryString = """
            SELECT id, address, language FROM \(ident: NoticeSubscription.schema) \
            WHERE municipality_id = \(bind: fanOut.municipalityID) AND state = \(bind: NoticeSubscription.State.active.rawValue)
            """
        if let cursor { query = query + " AND id > \(bind: cursor)" }
        if fanOut.kind == .notice, let category = fanOut.category {
            query = query + " AND \(unsafeRaw: contains)(categories, \(bind: "|\(category)|")) > 0"
        }
        let areas = AreaCodes.decode(fanOut.areaCodesText)
        if !areas.isEmpty {
            query = query + " AND (area_codes = ''"
            for area in areas { query = query + " OR \(unsafeRaw: contains)(area_codes, \(bind: "|\(area)|")) > 0" }
            query = query + ")"
        }
        query = query + " ORDER BY id LIMIT \(unsafeRaw: String(max(1, limit)))"
        return try await sql.raw(query).all().map { row in
            Subscriber(id: try row.decode(column: "id", as: UUID.self), address: try row.decode(column: "address", as: String.self),
                       language: try row.decode(column: "language", as: String.self))
        }
    }
}

/// What a fan-out's mails say, in Japanese and English, before each subscriber's own links.
struct FanOutContent: Sendable {
    let japanese: SubscriptionMail.Text
    let english: SubscriptionMail.Text
    let base: String

    func text(in language: String) -> SubscriptionMail.Text { language == "en" ? english : japanese }

    /// The field of a fan-out's template that each subscriber's own link token fills.
    static let tokenField = "token"

    /// The mail in `language` with the subscriber's links as the token field: the text, the footer
    /// with the manage and unsubscribe links, and RFC 8058's headers.
    func template(in language: String) -> MailTemplate {
        let text = text(in: language)
        let token = MailTemplate.Part.field(Self.tokenField)
        let unsubscribe = "\(base)/notices/unsubscribe/"
        return MailTemplate(
            subject: [.text(text.subject)],
            body: [.text(text.body)] + SubscriptionMail.footer(manage: [.text("\(base)/notices/subscription/"), token],
                                                                unsubscribe: [.text(unsubscribe), token], language: language),
            headers: SubscriptionMail.unsubscribeHeaders([.text("<\(unsubscribe)"), token, .text(">")]))
    }

    /// The revision a notice fan-out's source names when it is a correction's (`notice:<id>:<n>`, n > 1).
    static func correctionRevision(_ source: String) -> Int? {
        guard source.hasPrefix("notice:"), let last = source.split(separator: ":").last, let revision = Int(last), revision > 1 else { return nil }
        return revision
    }

    static func load(_ fanOut: NoticeFanOut, publicURL: String, on db: any Database) async throws -> FanOutContent? {
        guard let municipality = try await Municipality.find(fanOut.municipalityID, on: db) else { return nil }
        let base = "\(publicURL)/\(municipality.code)"
        switch fanOut.kind {
        case .notice:
            guard let notice = try await Notice.find(fanOut.subjectID, on: db), notice.state == .published else { return nil }
            let url = "\(base)/notices/\(try notice.requireID().uuidString.lowercased())"
            // A correction's fan-out (`notice:<id>:<revision>`, revision > 1) sends that revision's text and note.
            var text = (title: notice.title, body: notice.body, titleEnglish: notice.titleEnglish, bodyEnglish: notice.bodyEnglish)
            var correction: (note: String, date: String)?
            if let revision = correctionRevision(fanOut.source) {
                guard let kept = try await NoticeRevision.query(on: db).filter(\.$noticeID == fanOut.subjectID)
                    .filter(\.$revision == revision).first() else { return nil }
                text = (kept.title, kept.body, kept.titleEnglish, kept.bodyEnglish)
                correction = (kept.note, String(CAPTime.format(kept.savedAt).prefix(10)))
            }
            let japanese = SubscriptionMail.Text(
                subject: "【\(municipality.name)】\(correction == nil ? "" : "【更新】")\(text.title)",
                body: (correction.map { "【更新 \($0.date)】\($0.note)\n\n" } ?? "") + """
                \(text.title)
                （\(notice.category.label.ja)）

                \(text.body)

                詳しくは: \(url)
                """)
            let title = text.titleEnglish ?? text.title
            let english = SubscriptionMail.Text(
                subject: "[\(municipality.nameEnglish)] \(correction == nil ? "" : "[Updated] ")\(title)",
                body: (correction.map { "[Updated \($0.date)] \($0.note)\n\n" } ?? "") + """
                \(title)
                (\(notice.category.label.en))

                \(text.bodyEnglish ?? text.body)

                More: \(url)?lang=en
                """)
            return FanOutContent(japanese: japanese, english: english, base: base)
        case .alert:
            guard let message = try await AlertMessage.find(fanOut.subjectID, on: db),
                  let alert = try await EvacuationAlert.find(message.alertID, on: db) else { return nil }
            let areas = try await NoticeArea.query(on: db).filter(\.$municipalityID == fanOut.municipalityID)
                .filter(\.$code ~~ AreaCodes.decode(message.areaCodesText)).sort(\.$code).all()
            let level = AlertLevel(rawValue: message.level) ?? .evacuationOrder
            let lifted = message.issuance == AlertIssuance.lift.rawValue
            let url = "\(base)/alerts"
            let japanese = SubscriptionMail.Text(
                subject: "【\(municipality.name)】\(lifted ? "解除" : "")警戒レベル\(level.rawValue) \(level.name.ja)（\(areas.map(\.name).joined(separator: "、"))）",
                body: """
                \(municipality.name)は、警戒レベル\(level.rawValue)「\(level.name.ja)」を\(lifted ? "解除しました" : "発令しています")。

                対象地区: \(areas.map(\.name).joined(separator: "、"))
                \(lifted ? "" : "\n\(alert.instruction)\n")
                最新の情報: \(url)
                """)
            let english = SubscriptionMail.Text(
                subject: "[\(municipality.nameEnglish)] \(lifted ? "Lifted: " : "")Alert level \(level.rawValue) \(level.name.en) (\(areas.map(\.nameEnglish).joined(separator: ", ")))",
                body: """
                \(municipality.nameEnglish) \(lifted ? "has lifted" : "has issued") alert level \(level.rawValue), \(level.name.en).

                Areas: \(areas.map(\.nameEnglish).joined(separator: ", "))
                \(lifted ? "" : "\n\(alert.instructionEnglish)\n")
                Latest: \(url)?lang=en
                """)
            return FanOutContent(japanese: japanese, english: english, base: base)
        }
    }
}
