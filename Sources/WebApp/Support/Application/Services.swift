import Foundation
import Audit
import Catalog
import Counter
import Forms
import MadoguchiCore
import Mail
import Notices
import Privacy
import Shelters
import Prometheus
import Vapor

/// The application's long-lived services, created once in `configure`.
struct MadoguchiServices: Sendable {
    let configuration: Configuration
    let audit: HashChainAuditLog
    let hasher: any StaffPasswordHasher
    let metrics: PrometheusCollectorRegistry
    let loginLimiter: LoginRateLimiter
    /// Encrypts personal fields at rest.
    let cipher: FieldCipher
    /// The procedure inventory and life-event rules, loaded and validated at start-up.
    let lifeEvents: LifeEventCatalog
    let catalogCache: LifeEventCatalogCache
    /// The online application forms, loaded and checked at start-up.
    let formCatalog: FormCatalog
    let formCatalogCache: FormCatalogCache
    /// Files plain submissions by group commit (set in `configure`).
    var submissionWriter: SubmissionWriter?

    var staffAccounts: StaffAccounts { StaffAccounts(hasher: hasher, audit: audit) }
    var municipalities: Municipalities { Municipalities(audit: audit) }
    var departments: Departments { Departments(audit: audit) }
    var staffDirectory: StaffDirectory { StaffDirectory() }
    var apiTokens: APITokenCommands { APITokenCommands(audit: audit) }
    var procedureInventory: ProcedureInventory {
        ProcedureInventory(audit: audit, rulesDirectory: configuration.rulesDirectory.map { URL(fileURLWithPath: $0) })
    }
    /// The database blob store with PostgreSQL (set in `configure`, `makeSharedBlobStore`); nil with SQLite.
    var sharedBlobStore: (any BlobStore)?
    /// Uploaded open-data files (content-addressed): in the database with PostgreSQL, so every
    /// instance reads them; under `<data-dir>/blobs` with SQLite.
    var blobs: any BlobStore { sharedBlobStore ?? folderBlobStore }
    var folderBlobStore: FileSystemBlobStore { FileSystemBlobStore(root: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("blobs")) }
    /// The catalogue's commands, with the privacy scanner guarding publication.
    var datasets: DatasetCommands { DatasetCommands(audit: audit, publishGuard: PersonalInformationPublishGuard(), blobs: blobs) }
    var categories: CategoryCommands { CategoryCommands(audit: audit) }
    /// The notices' commands, with the privacy scanner reading text attachments before publication.
    var noticeCommands: NoticeCommands { NoticeCommands(audit: audit, attachmentGuard: NoticeAttachmentGuard(blobs: blobs)) }
    /// A notice's files, in the same blob store as the catalogue's.
    var noticeAttachments: NoticeAttachments { NoticeAttachments(audit: audit, blobs: blobs) }
    /// The webhook endpoints of the notices (secrets sealed with the field cipher).
    var noticeWebhooks: NoticeWebhooks { NoticeWebhooks(cipher: cipher, audit: audit) }
    var shelters: ShelterCommands { ShelterCommands(audit: audit) }
    var shelterQueries: ShelterQueries { ShelterQueries() }
    var formEditor: FormEditor { FormEditor(audit: audit) }
    var formSubmissions: FormSubmissions { FormSubmissions(cipher: cipher, audit: audit, outbox: mailOutbox, writer: submissionWriter) }
    var mailOutbox: MailOutbox { MailOutbox(cipher: cipher) }
    var formDrafts: FormDrafts { FormDrafts(cipher: cipher, outbox: mailOutbox) }
    var formAttachments: FormAttachments { FormAttachments(cipher: cipher) }
    var applicationReview: ApplicationReview { ApplicationReview(submissions: formSubmissions, audit: audit) }
    /// SMTP to the configured relay; nil when no `MADOGUCHI_SMTP_HOST` is set (mail waits in the outbox).
    var mailTransport: (any MailTransport)? {
        configuration.mail.smtpHost.map { SMTPTransport(host: $0, port: configuration.mail.smtpPort, heloName: "madoguchi.localhost") }
    }
    var privacyRequests: PrivacyRequestService { PrivacyRequestService(cipher: cipher, audit: audit) }
    var manifests: [ModuleManifest] { Modules.configured(configuration) }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = MadoguchiServices }

    var madoguchi: MadoguchiServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var madoguchi: MadoguchiServices { application.madoguchi }
}
