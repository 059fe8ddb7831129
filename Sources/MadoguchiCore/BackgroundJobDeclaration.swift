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

/// What a background job gets: the database, a logger, and the platform's services by type (the
/// server puts in what jobs need, e.g. the field cipher or the mail transport).
public struct BackgroundJobContext: Sendable {
    public let database: any Database
    public let logger: Logger
    public let now: Date
    private let services: [ObjectIdentifier: any Sendable]

    public init(database: any Database, logger: Logger, now: Date = Date(), services: [any Sendable] = []) {
        self.database = database
        self.logger = logger
        self.now = now
        var byType: [ObjectIdentifier: any Sendable] = [:]
        for service in services { byType[ObjectIdentifier(type(of: service))] = service }
        self.services = byType
    }

    /// The service of exactly this type, if the server provided one.
    public func service<T: Sendable>(_ type: T.Type) -> T? { services[ObjectIdentifier(type)] as? T }
}
