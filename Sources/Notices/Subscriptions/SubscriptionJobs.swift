import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy

/// The subscriptions' background jobs.
enum SubscriptionJobs {
    /// Queues the mails of due notices and alerts at the outbox's interval (`MADOGUCHI_MAIL_INTERVAL_SECONDS`,
    /// 5 s by default) and at once when a publication or an alert wakes it (`NoticeFanOuts.wake`), waking the
    /// outbox's delivery after each chunk it queues, then deactivates addresses refused for good
    /// (`applyPermanentFailures`). Safe on every instance: see `NoticeFanOuts`.
    static let fanOut = BackgroundJobDeclaration(name: "notices.fanout", intervalSetting: "MADOGUCHI_MAIL_INTERVAL_SECONDS") { context in
        let cipher = try context.require(FieldCipher.self, for: "notices.fanout")
        let configuration = try context.requireConfiguration(for: "notices.fanout")
        let queued = try await NoticeFanOuts(cipher: cipher, outbox: MailOutbox(cipher: cipher), publicURL: configuration.publicURL)
            .queueDue(now: context.now, on: context.database)
        let deactivated = try await NoticeSubscriptions(cipher: cipher, outbox: MailOutbox(cipher: cipher), publicURL: configuration.publicURL,
                                                        now: { context.now }).applyPermanentFailures(on: context.database)
        if queued > 0 || deactivated > 0 {
            context.logger.info("notices fan-out", metadata: ["queued": .stringConvertible(queued), "deactivated": .stringConvertible(deactivated)])
        }
    }

    /// Deletes unconfirmed subscriptions after `NoticeSubscriptions.pendingDays`, and expired links, with
    /// the retention purge (`MADOGUCHI_RETENTION_INTERVAL_SECONDS`).
    static let expire = BackgroundJobDeclaration(name: "notices.subscriptions.expire",
                                                 intervalSetting: "MADOGUCHI_RETENTION_INTERVAL_SECONDS") { context in
        let deleted = try await NoticeSubscriptions.expireUnconfirmed(now: context.now, on: context.database)
        if deleted > 0 { context.logger.info("unconfirmed subscriptions expired", metadata: ["deleted": .stringConvertible(deleted)]) }
    }
}
