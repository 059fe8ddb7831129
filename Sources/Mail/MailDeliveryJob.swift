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
    /// Sessions (SMTP connections) a batch is handed over through in parallel (`MADOGUCHI_MAIL_CONNECTIONS`).
    public let connections: Int
    /// Where delivery runs note their hand-overs, so that a restart sends again what a kill cut
    /// off before its end (`HandOverJournal`; the server's: `<data directory>/mail-handover`).
    public let journal: HandOverJournal?

    public init(transport: any MailTransport, from: String, connections: Int = MailOutbox.defaultConnections, journal: HandOverJournal? = nil) {
        self.transport = transport
        self.from = from
        self.connections = connections
        self.journal = journal
    }
}

extension MailOutbox {
    /// Messages claimed per batch by the delivery job; a round goes on batch after batch while they
    /// come full (an alert's fan-out), for at most `roundSeconds`.
    public static let jobBatch = 500
    public static let roundSeconds: TimeInterval = 60

    /// Delivers the outbox every `MADOGUCHI_MAIL_INTERVAL_SECONDS` (default 5): e-mail when a
    /// transport is configured (`MailSender`), webhooks when the server provides a `WebhookSender`.
    /// Safe on every instance: each message is claimed with a lease before it is sent. Its outcome
    /// is logged as counts, never addresses, URLs or secrets.
    public static let deliveryJob = BackgroundJobDeclaration(name: "mail.delivery", intervalSetting: "MADOGUCHI_MAIL_INTERVAL_SECONDS") { context in
        guard let cipher = context.service(FieldCipher.self) else { return }
        let outbox = MailOutbox(cipher: cipher)
        let sender = context.service(MailSender.self)
        do {
            // First what killed runs left marked without their end (sent again), so that the
            // settlement below only records as delivered what was really handed over.
            if let journal = sender?.journal {
                let recovery = try await outbox.recoverHandOvers(from: journal, on: context.database)
                if recovery != MailOutbox.HandOverRecovery() {
                    context.logger.warning("mail outbox: hand-overs of a run that is gone", metadata: [
                        "reopened": .stringConvertible(recovery.reopened), "ended": .stringConvertible(recovery.ended),
                        "released": .stringConvertible(recovery.released)])
                }
            }
            let expired = try await outbox.expireCutLastAttempts(now: context.now, on: context.database)
            if expired > 0 { context.logger.warning("mail outbox: attempts cut off on their last try", metadata: ["expired": .stringConvertible(expired)]) }
            let settled = try await outbox.settleHandedOver(now: context.now, on: context.database)
            if settled > 0 { context.logger.warning("mail outbox: handed over, answer never recorded", metadata: ["unconfirmed": .stringConvertible(settled)]) }
        } catch {
            context.logger.error("mail lease expiry failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
        if let sender {
            await deliverRound(channel: .email, context: context) { limit, now in
                try await outbox.deliverDue(via: sender.transport, from: sender.from, limit: limit, connections: sender.connections,
                                            journal: sender.journal, now: now, on: context.database)
            }
        }
        if let sender = context.service(WebhookSender.self) {
            await deliverRound(channel: .webhook, context: context) { limit, now in
                try await outbox.deliverDue(webhooks: sender, limit: limit, now: now, on: context.database)
            }
        }
    }

    /// Batch after batch while they come full, for at most `roundSeconds`.
    static func deliverRound(channel: DeliveryChannel, context: BackgroundJobContext,
                             batch deliver: (Int, Date) async throws -> Run) async {
        do {
            let started = Date()
            var run = Run()
            while Date().timeIntervalSince(started) < roundSeconds {
                let batch = try await deliver(jobBatch, context.now.addingTimeInterval(Date().timeIntervalSince(started)))
                run.sent += batch.sent
                run.retrying += batch.retrying
                run.failed += batch.failed
                if batch.sent + batch.retrying + batch.failed < jobBatch { break }
            }
            if run != Run() {
                context.logger.info("mail outbox", metadata: ["channel": .string(channel.rawValue), "sent": .stringConvertible(run.sent),
                                                              "retrying": .stringConvertible(run.retrying), "failed": .stringConvertible(run.failed)])
            }
        } catch {
            context.logger.error("mail delivery failed", metadata: ["channel": .string(channel.rawValue),
                                                                    "error": .string(String(describing: type(of: error)))])
        }
    }
}
