import FluentKit
import Foundation
import Logging

/// A job a module runs in the background, on every instance (it must be safe there: a lease or a
/// conditional claim). The server runs every declared job every `intervalSetting` seconds.
public struct BackgroundJobDeclaration: Sendable {
    /// Stable: `mail.delivery`.
    public let name: String
    /// The environment setting that holds the interval in seconds (0 = off), e.g.
    /// `MADOGUCHI_MAIL_INTERVAL_SECONDS`; `Configuration.jobIntervalSeconds(setting:)` reads it.
    public let intervalSetting: String
    /// One round. It handles and logs its own failures; an error thrown out of it is logged by
    /// the runner and the next round runs as usual.
    public let run: @Sendable (BackgroundJobContext) async throws -> Void

    public init(name: String, intervalSetting: String, run: @escaping @Sendable (BackgroundJobContext) async throws -> Void) {
        self.name = name
        self.intervalSetting = intervalSetting
        self.run = run
    }
}

/// What a background job gets: the database, a logger, the platform's registry (every configured
/// module's manifest, for jobs that walk them, such as the retention purge), its audit trail and
/// settings, and the platform's services by type (the server puts in what jobs need, e.g. the field
/// cipher or the mail transport).
public struct BackgroundJobContext: Sendable {
    public let database: any Database
    public let logger: Logger
    public let now: Date
    /// Every configured module's manifest (empty when the caller gives none).
    public let manifests: [ModuleManifest]
    /// The platform's audit trail; nil only where the caller gives none (a job that audits throws then).
    public let audit: (any AuditTrail)?
    /// The server's settings; nil only where the caller gives none.
    public let configuration: Configuration?
    private let services: [ObjectIdentifier: any Sendable]

    public init(database: any Database, logger: Logger, now: Date = Date(), manifests: [ModuleManifest] = [],
                audit: (any AuditTrail)? = nil, configuration: Configuration? = nil, services: [any Sendable] = []) {
        self.database = database
        self.logger = logger
        self.now = now
        self.manifests = manifests
        self.audit = audit
        self.configuration = configuration
        var byType: [ObjectIdentifier: any Sendable] = [:]
        for service in services { byType[ObjectIdentifier(type(of: service))] = service }
        self.services = byType
    }

    /// The service of exactly this type, if the server provided one.
    public func service<T: Sendable>(_ type: T.Type) -> T? { services[ObjectIdentifier(type)] as? T }

    /// The service of this type, or an error naming the job and what it lacks.
    public func require<T: Sendable>(_ type: T.Type, for job: String) throws -> T {
        guard let service = service(type) else { throw BackgroundJobError.missing(job: job, what: String(describing: type)) }
        return service
    }

    /// The audit trail, or an error naming the job.
    public func requireAudit(for job: String) throws -> any AuditTrail {
        guard let audit else { throw BackgroundJobError.missing(job: job, what: "AuditTrail") }
        return audit
    }

    /// The settings, or an error naming the job.
    public func requireConfiguration(for job: String) throws -> Configuration {
        guard let configuration else { throw BackgroundJobError.missing(job: job, what: "Configuration") }
        return configuration
    }
}

/// A job was run without a service it needs (a wiring mistake, reported rather than trapped).
public enum BackgroundJobError: Error, Equatable, CustomStringConvertible {
    case missing(job: String, what: String)

    public var description: String {
        switch self { case .missing(let job, let what): "background job \(job) needs \(what), which the runner did not provide" }
    }
}
