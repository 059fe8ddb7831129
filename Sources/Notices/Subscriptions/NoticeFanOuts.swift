import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy
import SQLKit

/// Sends published notices and alert messages to subscribers. Publishing writes a `NoticeFanOut`
/// in its own transaction (`record`); `queueDue` expands the due ones in chunks of subscribers in
/// id order, each chunk in one transaction that inserts the subscribers' message links — unique
/// per (source, subscriber), conflicts skipped — and queues mail only for the links it inserted.
/// So a retried publish, a second instance working on the same fan-out, or a restart after a
/// crash in the middle never queues a subscriber's message twice, and never loses one.
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
                if !more { break }
            }
        }
        return total
    }

    /// One chunk: the next subscribers after the cursor, their links (conflicts skipped) and the
    /// mails for the links inserted, and the cursor moved, in one transaction.
    private func queueChunk(_ fanOut: NoticeFanOut, content: FanOutContent, now: Date, on database: any Database) async throws -> (Int, Bool) {
        try await database.transaction { db in
            var query = NoticeSubscription.query(on: db).filter(\.$municipalityID == fanOut.municipalityID).filter(\.$state == .active)
            if let cursor = fanOut.cursor { query = query.filter(\.$id > cursor) }
            if fanOut.kind == .notice, let category = fanOut.category { query = query.filter(\.$categoriesText ~~ "|\(category)|") }
            let areas = AreaCodes.decode(fanOut.areaCodesText)
            if !areas.isEmpty {
                query = query.group(.or) { group in
                    group.filter(\.$areaCodesText == "")
                    for area in areas { group.filter(\.$areaCodesText ~~ "|\(area)|") }
                }
            }
            let subscribers = try await query.sort(\.$id).limit(Self.chunkSize).all()
            guard let last = subscribers.last else {
                fanOut.doneAt = now
                try await fanOut.save(on: db)
                return (0, false)
            }
            var tokens: [UUID: (link: UUID, token: String)] = [:]
            let insert = try db.sql(for: "the notices' fan-out").insert(into: SubscriptionLink.schema)
                .columns("id", "municipality_id", "subscription_id", "purpose", "token_hash", "source", "created_at")
            for subscriber in subscribers {
                let token = SecretToken.generate(), linkID = UUID(), id = try subscriber.requireID()
                tokens[id] = (linkID, token)
                insert.values(SQLBind(linkID), SQLBind(fanOut.municipalityID), SQLBind(id), SQLBind(SubscriptionLink.Purpose.message.rawValue),
                              SQLBind(SecretToken.hash(token)), SQLBind(fanOut.source), SQLBind(now))
            }
            let inserted = try await insert.ignoringConflicts(with: ["source", "subscription_id"]).returning("subscription_id").all()
                .map { try $0.decode(column: "subscription_id", as: UUID.self) }
            let byID = Dictionary(subscribers.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            var messages: [MailOutbox.Queued] = []
            messages.reserveCapacity(inserted.count)
            for id in inserted {
                guard let subscriber = byID[id], let (_, token) = tokens[id],
                      let address = try? cipher.decrypt(subscriber.addressCiphertext, binding: NoticeSubscription.binding(id: id))
                else { continue }
                let text = content.text(in: subscriber.language)
                let unsubscribe = content.link("notices/unsubscribe", token)
                let footer = SubscriptionMail.footer(manage: content.link("notices/subscription", token), unsubscribe: unsubscribe,
                                                     language: subscriber.language)
                messages.append(MailOutbox.Queued(MailMessage(to: address, subject: text.subject, body: text.body + footer,
                                                              headers: try SubscriptionMail.unsubscribeHeaders(unsubscribe)),
                                                  kind: NoticeSubscriptions.messageMailKind, municipalityID: fanOut.municipalityID,
                                                  reference: NoticeSubscriptions.referencePrefix + fanOut.source, recipient: id.uuidString.lowercased()))
            }
            try await outbox.enqueueAll(messages, on: db)
            fanOut.cursor = last.id
            fanOut.queued += messages.count
            let more = subscribers.count == Self.chunkSize
            if !more { fanOut.doneAt = now }
            try await fanOut.save(on: db)
            return (messages.count, more)
        }
    }
}

/// What a fan-out's mails say, in Japanese and English, before each subscriber's own links.
struct FanOutContent: Sendable {
    let japanese: SubscriptionMail.Text
    let english: SubscriptionMail.Text
    let base: String

    func text(in language: String) -> SubscriptionMail.Text { language == "en" ? english : japanese }
    func link(_ path: String, _ token: String) -> String { "\(base)/\(path)/\(token)" }

    static func load(_ fanOut: NoticeFanOut, publicURL: String, on db: any Database) async throws -> FanOutContent? {
        guard let municipality = try await Municipality.find(fanOut.municipalityID, on: db) else { return nil }
        let base = "\(publicURL)/\(municipality.code)"
        switch fanOut.kind {
        case .notice:
            guard let notice = try await Notice.find(fanOut.subjectID, on: db), notice.state == .published else { return nil }
            let url = "\(base)/notices/\(try notice.requireID().uuidString.lowercased())"
            let japanese = SubscriptionMail.Text(subject: "【\(municipality.name)】\(notice.title)", body: """
                \(notice.title)
                （\(notice.category.label.ja)）

                \(notice.body)

                詳しくは: \(url)
                """)
            let title = notice.titleEnglish ?? notice.title
            let english = SubscriptionMail.Text(subject: "[\(municipality.nameEnglish)] \(title)", body: """
                \(title)
                (\(notice.category.label.en))

                \(notice.bodyEnglish ?? notice.body)

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
