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
    /// Delivers the outbox every `MADOGUCHI_MAIL_INTERVAL_SECONDS` (default 5). Safe on every
    /// instance: each message is claimed with a lease before it is sent. Its outcome is logged as
    /// counts, never addresses.
    public static let deliveryJob = BackgroundJobDeclaration(name: "mail.delivery", intervalSetting: "MADOGUCHI_MAIL_INTERVAL_SECONDS") { context in
        guard let sender = context.service(MailSender.self), let cipher = context.service(FieldCipher.self) else { return }
        do {
            let run = try await MailOutbox(cipher: cipher).deliverDue(via: sender.transport, from: sender.from, now: context.now, on: context.database)
            if run != Run() {
                context.logger.info("mail outbox", metadata: ["sent": .stringConvertible(run.sent), "retrying": .stringConvertible(run.retrying),
                                                              "failed": .stringConvertible(run.failed)])
            }
        } catch {
            context.logger.error("mail delivery failed", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
