import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy

/// The mail subscriptions' commands: subscribe (double opt-in), confirm, change preferences,
/// unsubscribe, and counting permanent delivery failures. Every mail goes through the shared
/// outbox in the same transaction as the change that causes it.
public struct NoticeSubscriptions: Sendable {
    let cipher: FieldCipher
    let outbox: MailOutbox
    /// The site's public address (`https://city.example.jp`), for the mailed links.
    let publicURL: String
    let now: @Sendable () -> Date

    /// Permanent SMTP failures (5xx) after which a subscription is deactivated.
    public static let maxPermanentFailures = 3
    /// Mails about the subscription itself (confirmation, "manage your subscription") an address
    /// receives in 24 hours, however often the form is sent with it: more are silently not sent.
    public static let maxAccountMailsPerDay = 3
    /// How long a confirmation link or a mailed manage link works.
    public static let linkValidity: TimeInterval = 48 * 3600
    /// How long an unconfirmed subscription is kept before it expires (deleted).
    public static let pendingDays = 7
    /// How long an unsubscribed or deactivated subscription is kept (the file's retention).
    public static let endedRetentionDays = 30
    /// The outbox kinds of the module's mails.
    public static let accountMailKind = "notices.subscription"
    public static let messageMailKind = "notices.message"

    public init(cipher: FieldCipher, outbox: MailOutbox, publicURL: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.cipher = cipher
        self.outbox = outbox
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.now = now
    }

    /// The keyed hashes an address is found by: HMAC-SHA256 of the lower-cased address under a key
    /// derived from each field key in the ring (so the index means nothing without them, and a key
    /// rotation does not lose an address), the current key's first.
    static func addressIndexes(_ address: String, cipher: FieldCipher) -> [KeyedIndex] {
        KeyedIndex.candidates(address, NoticeSubscription.addressIndexDeclaration, ring: cipher.keyRing)
    }

    /// The municipality's subscription of an address, under whichever key its index was made (the
    /// current key's first, should an older row for the address remain).
    static func find(_ indexes: [KeyedIndex], municipalityID: UUID, on database: any Database) async throws -> NoticeSubscription? {
        let rows = try await NoticeSubscription.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$addressIndex ~~ indexes.map(\.value)).all()
        return indexes.lazy.compactMap { index in
            rows.first { $0.addressIndex == index.value && ($0.addressIndexKey == nil || $0.addressIndexKey == index.keyID) }
        }.first
    }

    /// Subscribes an address, or re-sends what it needs. From the outside every valid request looks
    /// the same (the same answer, one mail to the address): a new, unconfirmed, unsubscribed or
    /// deactivated address gets a confirmation link (the preferences apply once it is followed); an
    /// active one gets a "manage your subscription" link and its preferences stay as they are. An
    /// address that already had `maxAccountMailsPerDay` such mails in 24 hours gets none.
    /// Invalid input throws `NoticesInputProblems`, each naming its field; nothing is saved then.
    public func subscribe(municipality: Municipality, _ input: SubscriptionInput, on database: any Database) async throws {
        let municipalityID = try municipality.requireID()
        var problems: [FieldProblem] = []
        let address = input.checkedAddress(problems: &problems)
        let preferences = try await input.preferences(municipalityID: municipalityID, problems: &problems, on: database)
        guard problems.isEmpty, let address else { throw NoticesInputProblems(problems) }
        let indexes = Self.addressIndexes(address, cipher: cipher)
        let at = now()
        do {
            try await write(municipality: municipality, address: address, indexes: indexes, preferences: preferences, at: at, on: database)
        } catch {
            // Two requests for the same new address at once: the one that lost the insert (unique
            // index) is answered as for an existing address, by writing again.
            guard try await Self.find(indexes, municipalityID: municipalityID, on: database) != nil else { throw error }
            try await write(municipality: municipality, address: address, indexes: indexes, preferences: preferences, at: at, on: database)
        }
    }

    private func write(municipality: Municipality, address: String, indexes: [KeyedIndex], preferences: SubscriptionInput.Preferences,
                       at: Date, on database: any Database) async throws {
        let municipalityID = try municipality.requireID()
        let current = indexes[0]
        try await database.transaction { db in
            let existing = try await Self.find(indexes, municipalityID: municipalityID, on: db)
            let subscription = existing ?? NoticeSubscription()
            let purpose: SubscriptionLink.Purpose = existing != nil && subscription.state == .active ? .manage : .confirm
            // A row found under an older key (or an unrecorded one) moves to the current key now.
            subscription.addressIndex = current.value
            subscription.addressIndexKey = current.keyID
            if existing == nil {
                subscription.id = UUID()
                subscription.municipalityID = municipalityID
                subscription.permanentFailures = 0
                subscription.accountMails = 0
                subscription.accountMailsSince = at
                subscription.createdAt = at
            }
            if purpose == .confirm {
                subscription.addressCiphertext = try cipher.encrypt(address, binding: NoticeSubscription.binding(id: subscription.id!))
                subscription.categoriesText = AreaCodes.encode(preferences.categories.map(\.rawValue))
                subscription.areaCodesText = AreaCodes.encode(preferences.areaCodes)
                subscription.language = preferences.language
                if existing == nil || subscription.state != .pending {
                    subscription.state = .pending
                    subscription.createdAt = at
                    subscription.confirmedAt = nil
                    subscription.endedAt = nil
                    subscription.permanentFailures = 0
                }
            }
            if at.timeIntervalSince(subscription.accountMailsSince) >= 24 * 3600 || at < subscription.accountMailsSince {
                subscription.accountMails = 0
                subscription.accountMailsSince = at
            }
            let mayMail = subscription.accountMails < Self.maxAccountMailsPerDay
            if mayMail { subscription.accountMails += 1 }
            if existing == nil { try await subscription.create(on: db) } else { try await subscription.save(on: db) }
            guard mayMail else { return }
            let token = try await makeLink(purpose, for: subscription, expires: at.addingTimeInterval(Self.linkValidity), on: db)
            let language = purpose == .manage ? subscription.language : preferences.language
            let mail = purpose == .confirm
                ? SubscriptionMail.confirmation(municipality: municipality, link: link("notices/subscribe/confirm", municipality, token), language: language)
                : SubscriptionMail.manage(municipality: municipality, link: link("notices/subscription", municipality, token), language: language)
            let headers = purpose == .manage ? try SubscriptionMail.unsubscribeHeaders(link("notices/unsubscribe", municipality, token)) : []
            // A "manage" mail goes to the address as it was confirmed, not as typed now.
            let recipient = purpose == .manage
                ? try cipher.decrypt(subscription.addressCiphertext, binding: NoticeSubscription.binding(id: subscription.requireID())) : address
            try await outbox.enqueue(MailMessage(to: recipient, subject: mail.subject, body: mail.body, headers: headers), kind: Self.accountMailKind,
                                     municipalityID: municipalityID, on: db)
        }
    }

    /// Follows a confirmation link: the subscription becomes active and the link is used up.
    public func confirm(token: String, municipalityID: UUID, on database: any Database) async throws {
        let at = now()
        guard let link = try await Self.link(token: token, purposes: [.confirm], municipalityID: municipalityID, now: at, on: database)
        else { throw NoticesError.subscriptionLinkInvalid }
        try await database.transaction { db in
            guard let subscription = try await NoticeSubscription.find(link.subscriptionID, on: db) else { throw NoticesError.subscriptionLinkInvalid }
            if subscription.state == .pending {
                subscription.state = .active
                subscription.confirmedAt = at
                try await subscription.save(on: db)
            }
            try await SubscriptionLink.query(on: db).filter(\.$subscriptionID == link.subscriptionID).filter(\.$purpose == .confirm).delete()
        }
    }

    /// The subscription a manage or message link opens, if the link works and the subscription is
    /// active.
    public func subscription(token: String, municipalityID: UUID, on database: any Database) async throws -> NoticeSubscription {
        guard let subscription = try await linked(token: token, municipalityID: municipalityID, on: database), subscription.state == .active
        else { throw NoticesError.subscriptionLinkInvalid }
        return subscription
    }

    /// Changes an active subscription's categories, areas and language (the address stays).
    public func update(token: String, municipalityID: UUID, _ input: SubscriptionInput, on database: any Database) async throws {
        let subscription = try await subscription(token: token, municipalityID: municipalityID, on: database)
        var problems: [FieldProblem] = []
        let preferences = try await input.preferences(municipalityID: municipalityID, problems: &problems, on: database)
        guard problems.isEmpty else { throw NoticesInputProblems(problems) }
        subscription.categoriesText = AreaCodes.encode(preferences.categories.map(\.rawValue))
        subscription.areaCodesText = AreaCodes.encode(preferences.areaCodes)
        subscription.language = preferences.language
        try await subscription.save(on: database)
    }

    /// Stops a subscription from a manage or message link (RFC 8058 one-click); once stopped,
    /// following the link again answers the same (it stays stopped).
    public func unsubscribe(token: String, municipalityID: UUID, on database: any Database) async throws {
        guard let subscription = try await linked(token: token, municipalityID: municipalityID, on: database)
        else { throw NoticesError.subscriptionLinkInvalid }
        guard subscription.state == .active || subscription.state == .pending else { return }
        subscription.state = .unsubscribed
        subscription.endedAt = now()
        try await subscription.save(on: database)
    }

    /// The outbox reference of every notice or alert mail starts with this (`notices:notice:<id>`,
    /// `notices:alert:<message id>`); its recipient is the subscription's id.
    public static let referencePrefix = "notices:"
    /// How far back permanent failures are read from the outbox.
    public static let failureWindowDays = 30

    /// Reads the outbox's permanent failures (SMTP 5xx) of notice and alert mails and deactivates
    /// every active subscription with `maxPermanentFailures` of them since it was confirmed (a
    /// re-subscribed address starts again from zero). Idempotent: it sets the count the outbox
    /// holds. Returns how many subscriptions it deactivated.
    @discardableResult
    public func applyPermanentFailures(on database: any Database) async throws -> Int {
        let at = now()
        let failures = try await MailOutbox.permanentFailures(referencePrefix: Self.referencePrefix,
                                                              since: at.addingTimeInterval(-Double(Self.failureWindowDays) * 86_400), on: database)
        var deactivated = 0
        for (recipient, count) in failures where count > 0 {
            guard let id = UUID(uuidString: recipient), let subscription = try await NoticeSubscription.find(id, on: database),
                  subscription.state == .active else { continue }
            var own = count
            if let confirmed = subscription.confirmedAt {
                own = try await MailOutbox.permanentFailures(referencePrefix: Self.referencePrefix, since: confirmed, on: database)[recipient] ?? 0
            }
            guard own != subscription.permanentFailures else { continue }
            subscription.permanentFailures = own
            if own >= Self.maxPermanentFailures {
                subscription.state = .deactivated
                subscription.endedAt = at
                deactivated += 1
            }
            try await subscription.save(on: database)
        }
        return deactivated
    }

    /// The subscription of the municipality a manage or message link names: the token of a mailed
    /// notice or alert (`MessageLinkToken`, checked without a stored row), else a stored link (a
    /// "manage" mail's, or a message link mailed before those tokens) that works now; nil for
    /// anything else.
    func linked(token: String, municipalityID: UUID, on database: any Database) async throws -> NoticeSubscription? {
        guard Self.isWellFormed(token) else { return nil }
        let id: UUID
        if let signed = MessageLinkToken.subscriptionID(of: token, municipalityID: municipalityID, ring: cipher.keyRing) {
            id = signed
        } else if let link = try await Self.link(token: token, purposes: [.manage, .message], municipalityID: municipalityID, now: now(), on: database) {
            id = link.subscriptionID
        } else {
            return nil
        }
        guard let subscription = try await NoticeSubscription.find(id, on: database), subscription.municipalityID == municipalityID else { return nil }
        return subscription
    }

    /// The shape of every link token: 20 to 100 URL-safe base64 characters.
    static func isWellFormed(_ token: String) -> Bool {
        (20...100).contains(token.utf8.count)
            && token.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
    }

    /// A link that works at `now`, found by its token's hash; nil for a malformed, unknown, other
    /// municipality's or expired token.
    static func link(token: String, purposes: [SubscriptionLink.Purpose], municipalityID: UUID, now: Date,
                     on database: any Database) async throws -> SubscriptionLink? {
        guard isWellFormed(token) else { return nil }
        guard let link = try await SubscriptionLink.query(on: database).filter(\.$tokenHash == SecretToken.hash(token)).first(),
              link.municipalityID == municipalityID, purposes.contains(link.purpose), link.expiresAt.map({ $0 > now }) ?? true
        else { return nil }
        return link
    }

    private func makeLink(_ purpose: SubscriptionLink.Purpose, for subscription: NoticeSubscription, expires: Date?,
                          on db: any Database) async throws -> String {
        let token = SecretToken.generate()
        let link = SubscriptionLink()
        link.municipalityID = subscription.municipalityID
        link.subscriptionID = try subscription.requireID()
        link.purpose = purpose
        link.tokenHash = SecretToken.hash(token)
        link.createdAt = now()
        link.expiresAt = expires
        try await link.create(on: db)
        return token
    }

    func link(_ path: String, _ municipality: Municipality, _ token: String) -> String {
        "\(publicURL)/\(municipality.code)/\(path)/\(token)"
    }
}
