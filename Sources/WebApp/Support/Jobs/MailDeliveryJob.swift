import Forms
import Foundation
import MadoguchiCore
import Vapor

/// Delivers the outbox every `MADOGUCHI_MAIL_INTERVAL_SECONDS` (default 5) through SMTP. Safe on
/// every instance: each message is claimed with a lease before it is sent. Without an SMTP host
/// the messages wait, and the job says so once.
enum MailDelivery {
    static func runOnce(app: Application) async throws -> MailOutbox.Run? {
        guard let transport = app.madoguchi.mailTransport else { return nil }
        return try await app.madoguchi.mailOutbox.deliverDue(via: transport, from: app.madoguchi.configuration.mail.from, on: app.db)
    }

    /// One round of the background job, with its outcome logged (counts only, never addresses).
    static func runRound(app: Application) async {
        do {
            if let run = try await runOnce(app: app), run != MailOutbox.Run() {
                app.logger.info("mail outbox", metadata: ["sent": .stringConvertible(run.sent), "retrying": .stringConvertible(run.retrying),
                                                          "failed": .stringConvertible(run.failed)])
            }
        } catch {
            app.logger.error("mail delivery failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
