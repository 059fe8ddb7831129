import FluentKit
import Foundation
import Mail
import MadoguchiCore

/// The subscriptions' personal-information file, its retention and the jobs that keep it.
public enum SubscriptionFile {
    public static let declaration = PersonalInformationFileDeclaration(
        id: "notices.subscriptions",
        name: "メール配信サービス登録者ファイル",
        purpose: "お知らせ・緊急情報（避難情報）を、登録した住民等に電子メールで配信するため",
        recordedItems: ["メールアドレス", "配信を希望する分類", "配信を希望する地区", "配信の言語", "登録・確認・停止の日時", "配信不能の回数"],
        personsRecorded: "メール配信サービスに登録を申し込んだ者",
        collectionMethod: "本人がウェブサイトの登録フォームに入力（確認用リンクによる本人確認）",
        containsSpecialCare: false,
        retentionDays: NoticeSubscriptions.endedRetentionDays,
        retentionBasis: "配信の停止（本人による停止、または配信不能が\(NoticeSubscriptions.maxPermanentFailures)回続いたことによる無効化）から\(NoticeSubscriptions.endedRetentionDays)日。確認されない申込みは\(NoticeSubscriptions.pendingDays)日で消去。送信したメール（送信キュー）は作成から\(NoticeSubscriptions.endedRetentionDays)日")

    /// Deletes every trace of the given subscriptions (their links first).
    static func delete(_ query: QueryBuilder<NoticeSubscription>, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await query.field(\.$id).field(\.$municipalityID).all()
        guard !rows.isEmpty else { return [:] }
        var counts: [UUID: Int] = [:]
        let ids = rows.compactMap(\.id)
        for row in rows { counts[row.municipalityID, default: 0] += 1 }
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            try await SubscriptionLink.query(on: db).filter(\.$subscriptionID ~~ slice).delete()
            try await NoticeSubscription.query(on: db).filter(\.$id ~~ slice).delete()
        }
        return counts
    }
}

/// Ended subscriptions (unsubscribed or deactivated) leave the file `retentionDays` after they
/// ended; an unconfirmed one left longer than that (the expiry job deletes it after `pendingDays`,
/// this is the backstop when that job does not run) goes too. Active subscriptions stay while active.
/// The module's mails in the shared outbox (`mailKinds`: confirmations, "manage" mails, notices and
/// alerts; never another module's) leave `retentionDays` after they were queued, delivered or not.
public struct SubscriptionRetention: RetentionTarget {
    public var fileID: String { SubscriptionFile.declaration.id }
    public init() {}

    /// The outbox kinds the Notices module sends, the only ones its file holds.
    public static let mailKinds = [NoticeSubscriptions.accountMailKind, NoticeSubscriptions.messageMailKind]

    public func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        let ended = try await SubscriptionFile.delete(NoticeSubscription.query(on: database)
            .filter(\.$state ~~ [.unsubscribed, .deactivated]).filter(\.$endedAt < cutoff), on: database)
        let unconfirmed = try await SubscriptionFile.delete(NoticeSubscription.query(on: database)
            .filter(\.$state == .pending).filter(\.$createdAt < cutoff), on: database)
        let mails = try await MailOutbox.purge(createdBefore: cutoff, kinds: Self.mailKinds, on: database)
        return ended.merging(unconfirmed, uniquingKeysWith: +).merging(mails, uniquingKeysWith: +)
    }
}

extension NoticeSubscriptions {
    /// Deletes subscriptions never confirmed within `pendingDays` of their request, and expired
    /// confirmation and manage links; returns how many subscriptions were deleted.
    @discardableResult
    public static func expireUnconfirmed(now: Date, on database: any Database) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(pendingDays) * 86_400)
        let counts = try await database.transaction { db in
            try await SubscriptionLink.query(on: db).filter(\.$purpose ~~ [.confirm, .manage]).filter(\.$expiresAt < now).delete()
            return try await SubscriptionFile.delete(NoticeSubscription.query(on: db).filter(\.$state == .pending).filter(\.$createdAt < cutoff), on: db)
        }
        return counts.values.reduce(0, +)
    }
}
