import Foundation
import Mail
import MadoguchiCore

/// The webhook messages' housekeeping. They hold no personal data (public notices and alerts), so
/// no personal-information file covers them; they leave the outbox `messageRetentionDays` after they
/// were queued, delivered or not (an endpoint's page shows the latest of them until then).
enum WebhookJobs {
    static let messageRetentionDays = 30

    /// At the retention interval (`MADOGUCHI_RETENTION_INTERVAL_SECONDS`).
    static let expire = BackgroundJobDeclaration(name: "notices.webhooks.expire", intervalSetting: "MADOGUCHI_RETENTION_INTERVAL_SECONDS") { context in
        let cutoff = context.now.addingTimeInterval(-Double(messageRetentionDays) * 86_400)
        let deleted = try await MailOutbox.purge(createdBefore: cutoff, kinds: [NoticeWebhookFanOut.kind], on: context.database)
        let total = deleted.values.reduce(0, +)
        if total > 0 { context.logger.info("webhook messages expired", metadata: ["deleted": .stringConvertible(total)]) }
    }
}
