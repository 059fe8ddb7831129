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
}

/// Starts and stops the delivery loop with the application.
final class MailDeliveryLifecycle: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let interval: Int

    init(interval: Int) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        guard app.madoguchi.mailTransport != nil else {
            app.logger.notice("no MADOGUCHI_SMTP_HOST: e-mail (receipts, resume and verification links) waits in the outbox")
            return
        }
        let interval = self.interval
        let logger = app.logger
        let started = Task {
            while !Task.isCancelled {
                do {
                    if let run = try await MailDelivery.runOnce(app: app), run != MailOutbox.Run() {
                        logger.info("mail outbox", metadata: ["sent": .stringConvertible(run.sent), "retrying": .stringConvertible(run.retrying),
                                                              "failed": .stringConvertible(run.failed)])
                    }
                } catch {
                    logger.error("mail delivery failed", metadata: ["error": .string(String(describing: type(of: error)))])
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        lock.withLock { task = started }
    }

    func shutdownAsync(_ app: Application) async {
        lock.withLock { task }?.cancel()
    }
}
