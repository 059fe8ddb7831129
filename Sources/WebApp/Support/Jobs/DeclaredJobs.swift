import Foundation
import Mail
import MadoguchiCore
import Notices
import Privacy
import Vapor

/// Runs every background job the module manifests declare, each at the interval its setting
/// configures (`Configuration.jobIntervalSeconds(setting:)`), on every instance: the retention purge
/// and key rotation (privacy), expired staff sessions (core), mail delivery (mail)…
enum DeclaredJobs {
    static func register(on app: Application) {
        let configuration = app.madoguchi.configuration
        for job in app.madoguchi.manifests.flatMap(\.jobs) {
            guard let interval = configuration.jobIntervalSeconds(setting: job.intervalSetting) else {
                app.logger.warning("background job has an unknown interval setting; it does not run",
                                   metadata: ["job": .string(job.name), "setting": .string(job.intervalSetting)])
                continue
            }
            app.lifecycle.use(RepeatingJob(interval: interval, wakeName: job.name) { app in await runRound(job, app: app) })
        }
    }

    /// One round of `job`, with the platform's services it may need.
    static func runRound(_ job: BackgroundJobDeclaration, app: Application, now: Date = Date()) async {
        do {
            try await job.run(context(app: app, now: now))
        } catch {
            app.logger.error("background job failed", metadata: ["job": .string(job.name), "error": .string(String(describing: type(of: error)))])
        }
    }

    /// What background jobs get: every configured manifest, the audit trail, the settings, and the
    /// services they find by type: the field cipher, the mail sender when a transport is configured,
    /// and the webhook sender (AsyncHTTPClient, the notices' endpoints).
    static func context(app: Application, now: Date = Date()) -> BackgroundJobContext {
        let services = app.madoguchi
        var provided: [any Sendable] = [services.cipher]
        if let transport = services.mailTransport {
            let journal = HandOverJournal(directory: URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("mail-handover"))
            provided.append(MailSender(transport: transport, from: services.configuration.mail.from,
                                       connections: services.configuration.mail.connections, journal: journal))
        }
        provided.append(WebhookSender(transport: WebhookHTTPTransport(), targets: NoticeWebhookTargets(cipher: services.cipher)))
        return BackgroundJobContext(database: app.db, logger: app.logger, now: now, manifests: services.manifests,
                                    audit: services.audit, configuration: services.configuration, services: provided)
    }
}
