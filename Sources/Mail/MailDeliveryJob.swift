import Foundation
import Logging
import MadoguchiCore
import Privacy

/// Where the delivery job sends through: the transport (SMTP in the server) and the sender address.
/// The server provides one to background jobs only when a transport is configured; without it the
/// messages wait in the outbox.
public struct MailSender: Sendable {
    public let transport: any MailTransport
    public let from: String

    public init(transport: any MailTransport, from: String) {
        self.transport = transport
        self.from = from
    }
}

extension MailOutbox {
    /// Messages claimed per batch by the delivery job; a round goes on batch after batch while they
    /// come full (an alert's fan-out), for at most `roundSeconds`.
    public static let jobBatch = 500
    public static let roundSeconds: TimeInterval = 60

    /// Delivers the outbox every `MADOGUCHI_MAIL_INTERVAL_SECONDS` (default 5). Safe on every
    /// instance: each message is claimed with a lease before it is sent. Its outcome is logged as
    /// counts, never addresses.
    public static let deliveryJob = BackgroundJobDeclaration(name: "mail.delivery", intervalSetting: "MADOGUCHI_MAIL_INTERVAL_SECONDS") { context in
        guard let sender = context.service(MailSender.self), let cipher = context.service(FieldCipher.self) else { return }
        do {
            let outbox = MailOutbox(cipher: cipher)
            let started = Date()
            var run = Run()
            while Date().timeIntervalSince(started) < roundSeconds {
                let batch = try await outbox.deliverDue(via: sender.transport, from: sender.from, limit: jobBatch,
                                                         now: context.now.addingTimeInterval(Date().timeIntervalSince(started)), on: context.database)
                run.sent += batch.sent
                run.retrying += batch.retrying
                run.failed += batch.failed
                if batch.sent + batch.retrying + batch.failed < jobBatch { break }
            }
            if run != Run() {
                context.logger.info("mail outbox", metadata: ["sent": .stringConvertible(run.sent), "retrying": .stringConvertible(run.retrying),
                                                              "failed": .stringConvertible(run.failed)])
            }
        } catch {
            context.logger.error("mail delivery failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
