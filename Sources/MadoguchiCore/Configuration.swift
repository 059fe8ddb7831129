import Foundation
import Logging

/// How an instance is configured: flags override environment variables, which override defaults.
///
/// Secret values (database passwords, keys) are kept out of `description` so a configuration can
/// be logged at start-up without leaking them.
public struct Configuration: Sendable, Equatable, CustomStringConvertible {
    /// Where the data lives: a PostgreSQL URL or a SQLite file.
    public enum Store: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var store: Store
    public var dataDirectory: String
    public var hostname: String
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Whether cookies carry the Secure flag and responses HSTS: on unless `MADOGUCHI_SECURE_COOKIES=0`
    /// (local development over plain HTTP; Chromium and Firefox accept Secure cookies from
    /// http://localhost and http://127.0.0.1 anyway, Safari does not).
    public var secureCookies: Bool
    /// Load the demo municipality (国立市) when the database holds none.
    public var loadDemo: Bool
    /// Bearer token protecting `/metrics`; nil leaves it open (fine on loopback).
    public var metricsToken: String?
    /// Maximum request body for ordinary forms and JSON.
    public var maxBodyBytes: Int
    /// Where the field-encryption keys come from (never printed).
    public var fieldKeys: FieldKeySource
    /// Days a saved counter session (書かない窓口) is kept before the retention job deletes it.
    public var counterSessionRetentionDays: Int
    /// Seconds between runs of the retention job (0 turns it off, e.g. on all but one instance).
    public var retentionIntervalSeconds: Int
    /// A folder of counter rules replacing the shipped ones (`MADOGUCHI_RULES_DIR`); nil: shipped.
    public var rulesDirectory: String? = nil
    /// Outgoing e-mail (`MADOGUCHI_SMTP_HOST`, `…_SMTP_PORT`, `MADOGUCHI_MAIL_FROM`,
    /// `MADOGUCHI_MAIL_INTERVAL_SECONDS`, `MADOGUCHI_MAIL_CONNECTIONS`); with no host, messages wait in the outbox.
    public var mail = Mail()
    /// A staff session ends after this long without a request (`MADOGUCHI_SESSION_IDLE_MINUTES`, 5–240; 30).
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// … and this long after sign-in whatever happens (`MADOGUCHI_SESSION_ABSOLUTE_HOURS`, 1–24; 8).
    public var sessionAbsoluteTimeout: TimeInterval = 8 * 3600
    /// Connection limits (`MADOGUCHI_IDLE_TIMEOUT_SECONDS`, `MADOGUCHI_MAX_CONCURRENT_REQUESTS`).
    public var connections = Connections()
    /// The cache of public pages (`MADOGUCHI_PAGE_CACHE_SECONDS`, `MADOGUCHI_PAGE_CACHE_MEGABYTES`).
    public var pageCache = PageCache()
    /// Reverse proxies whose `X-Forwarded-For` is believed (`MADOGUCHI_TRUSTED_PROXIES`, CIDRs; none).
    public var trustedProxies: [NetworkRange] = []

    public struct Mail: Sendable, Equatable {
        public var smtpHost: String?
        public var smtpPort = 25
        public var from = "no-reply@madoguchi.invalid"
        /// Seconds between outbox runs; 0 turns delivery off on this instance.
        public var intervalSeconds = 5
        /// SMTP connections a batch of the outbox is sent through in parallel (`MADOGUCHI_MAIL_CONNECTIONS`, 1–32; 16,
        /// as `MailOutbox.defaultConnections`: see bench/notices/README.md).
        public var connections = 16
        /// The site's public address for links in e-mails (`MADOGUCHI_PUBLIC_URL`); by default
        /// the listening address. Never taken from a request's Host header.
        public var publicURL = ""
        public init() {}
    }

    /// The key ring for personal fields: inline (`MADOGUCHI_FIELD_KEYS`), a file
    /// (`MADOGUCHI_FIELD_KEYS_FILE`), or, for the embedded database only, a key file generated
    /// in the data directory on first start.
    public enum FieldKeySource: Sendable, Equatable {
        case inline(String)
        case file(String)
        case generatedInDataDirectory
    }

    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    /// A configuration value that could not be used, with the variable or flag named.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let setting: String
        public let message: String
        public var description: String { "\(setting): \(message)" }
        public init(setting: String, message: String) { self.setting = setting; self.message = message }
    }

    public static let defaultPort = 8080

    /// Builds a configuration from the environment (`MADOGUCHI_*`, `DATABASE_URL`) and explicit overrides.
    public static func resolve(environment env: [String: String], overrides: Overrides = Overrides()) throws(Problem) -> Configuration {
        let dataDirectory = overrides.dataDirectory ?? env["MADOGUCHI_DATA_DIR"] ?? "data"
        let hostname = overrides.hostname ?? env["MADOGUCHI_HOST"] ?? "127.0.0.1"
        let portText = overrides.port ?? env["MADOGUCHI_PORT"] ?? String(defaultPort)
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw Problem(setting: "port (MADOGUCHI_PORT / --port)", message: "'\(portText)' is not a port number 1–65535")
        }
        let levelText = overrides.logLevel ?? env["LOG_LEVEL"] ?? "info"
        guard let logLevel = Logger.Level(rawValue: levelText.lowercased()) else {
            throw Problem(setting: "log level (LOG_LEVEL / --log-level)",
                          message: "'\(levelText)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let formatText = overrides.logFormat ?? env["MADOGUCHI_LOG_FORMAT"] ?? "text"
        guard let logFormat = LogFormat(rawValue: formatText) else {
            throw Problem(setting: "log format (MADOGUCHI_LOG_FORMAT / --log-format)", message: "'\(formatText)' is not text or json")
        }
        let store = try parseStore(overrides.databaseURL ?? env["DATABASE_URL"], dataDirectory: dataDirectory)
        let secureSetting = try parseBool(env["MADOGUCHI_SECURE_COOKIES"], setting: "MADOGUCHI_SECURE_COOKIES")
        let secureCookies = secureSetting ?? true
        let demoSetting = try parseBool(env["MADOGUCHI_DEMO"], setting: "MADOGUCHI_DEMO")
        let loadDemo = overrides.loadDemo ?? demoSetting ?? true
        let maxBodyText = env["MADOGUCHI_MAX_BODY_BYTES"] ?? "1048576"
        guard let maxBody = Int(maxBodyText), maxBody >= 1024 else {
            throw Problem(setting: "MADOGUCHI_MAX_BODY_BYTES", message: "'\(maxBodyText)' is not a byte count ≥ 1024")
        }
        let fieldKeys: FieldKeySource
        if let path = env["MADOGUCHI_FIELD_KEYS_FILE"], !path.isEmpty { fieldKeys = .file(path) }
        else if let inline = env["MADOGUCHI_FIELD_KEYS"], !inline.isEmpty { fieldKeys = .inline(inline) }
        else if case .postgres = store {
            throw Problem(setting: "MADOGUCHI_FIELD_KEYS / MADOGUCHI_FIELD_KEYS_FILE",
                          message: "required with PostgreSQL: every instance must share the keys that encrypt personal data (create one with `madoguchi privacy new-key`)")
        } else { fieldKeys = .generatedInDataDirectory }
        let retentionText = env["MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS"] ?? "30"
        guard let retentionDays = Int(retentionText), (1...3650).contains(retentionDays) else {
            throw Problem(setting: "MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS", message: "'\(retentionText)' is not a number of days 1–3650")
        }
        let intervalText = env["MADOGUCHI_RETENTION_INTERVAL_SECONDS"] ?? "3600"
        guard let interval = Int(intervalText), interval == 0 || (60...86_400).contains(interval) else {
            throw Problem(setting: "MADOGUCHI_RETENTION_INTERVAL_SECONDS", message: "'\(intervalText)' is not 0 (off) or 60–86400 seconds")
        }
        var mail = Mail()
        mail.smtpHost = env["MADOGUCHI_SMTP_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = env["MADOGUCHI_SMTP_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw Problem(setting: "MADOGUCHI_SMTP_PORT", message: "'\(text)' is not a port number 1–65535")
            }
            mail.smtpPort = port
        }
        if let from = env["MADOGUCHI_MAIL_FROM"], !from.isEmpty {
            guard EmailAddress.isValid(from) else { throw Problem(setting: "MADOGUCHI_MAIL_FROM", message: "'\(from)' is not an e-mail address") }
            mail.from = from
        }
        if let text = env["MADOGUCHI_MAIL_INTERVAL_SECONDS"], !text.isEmpty {
            guard let seconds = Int(text), (0...3600).contains(seconds) else {
                throw Problem(setting: "MADOGUCHI_MAIL_INTERVAL_SECONDS", message: "'\(text)' is not 0 (off) or 1–3600 seconds")
            }
            mail.intervalSeconds = seconds
        }
        if let text = env["MADOGUCHI_MAIL_CONNECTIONS"], !text.isEmpty {
            guard let count = Int(text), (1...32).contains(count) else {
                throw Problem(setting: "MADOGUCHI_MAIL_CONNECTIONS", message: "'\(text)' is not a number of connections 1–32")
            }
            mail.connections = count
        }
        mail.publicURL = try parsePublicURL(overrides.publicURL ?? env["MADOGUCHI_PUBLIC_URL"], hostname: hostname, port: port)
        var configuration = Configuration(store: store, dataDirectory: dataDirectory, hostname: hostname, port: port,
                             logLevel: logLevel, logFormat: logFormat, secureCookies: secureCookies, loadDemo: loadDemo,
                             metricsToken: env["MADOGUCHI_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                             maxBodyBytes: maxBody, fieldKeys: fieldKeys, counterSessionRetentionDays: retentionDays,
                             retentionIntervalSeconds: interval,
                             rulesDirectory: env["MADOGUCHI_RULES_DIR"].flatMap { $0.isEmpty ? nil : $0 })
        configuration.mail = mail
        try resolveSessions(env, into: &configuration)
        configuration.connections = try Connections.resolve(env)
        configuration.pageCache = try PageCache.resolve(env)
        return configuration
    }

    /// Values given as command-line flags.
    public struct Overrides: Sendable {
        public var databaseURL: String?
        public var dataDirectory: String?
        public var hostname: String?
        public var port: String?
        public var logLevel: String?
        public var logFormat: String?
        public var loadDemo: Bool?
        /// `--public-url`: the address absolute links are built on.
        public var publicURL: String?
        public init(databaseURL: String? = nil, dataDirectory: String? = nil, hostname: String? = nil, port: String? = nil,
                    logLevel: String? = nil, logFormat: String? = nil, loadDemo: Bool? = nil, publicURL: String? = nil) {
            self.databaseURL = databaseURL
            self.dataDirectory = dataDirectory
            self.hostname = hostname
            self.port = port
            self.logLevel = logLevel
            self.logFormat = logFormat
            self.loadDemo = loadDemo
            self.publicURL = publicURL
        }
    }

    /// Staff session timeouts and the trusted proxies.
    static func resolveSessions(_ env: [String: String], into configuration: inout Configuration) throws(Problem) {
        if let text = env["MADOGUCHI_SESSION_IDLE_MINUTES"], !text.isEmpty {
            guard let minutes = Int(text), (5...240).contains(minutes) else {
                throw Problem(setting: "MADOGUCHI_SESSION_IDLE_MINUTES", message: "'\(text)' is not a number of minutes 5–240")
            }
            configuration.sessionIdleTimeout = TimeInterval(minutes * 60)
        }
        if let text = env["MADOGUCHI_SESSION_ABSOLUTE_HOURS"], !text.isEmpty {
            guard let hours = Int(text), (1...24).contains(hours) else {
                throw Problem(setting: "MADOGUCHI_SESSION_ABSOLUTE_HOURS", message: "'\(text)' is not a number of hours 1–24")
            }
            configuration.sessionAbsoluteTimeout = TimeInterval(hours * 3600)
        }
        guard configuration.sessionIdleTimeout <= configuration.sessionAbsoluteTimeout else {
            throw Problem(setting: "MADOGUCHI_SESSION_IDLE_MINUTES", message: "the idle timeout must not exceed MADOGUCHI_SESSION_ABSOLUTE_HOURS")
        }
        if let text = env["MADOGUCHI_TRUSTED_PROXIES"], !text.isEmpty {
            var ranges: [NetworkRange] = []
            for item in text.split(separator: ",") {
                guard let range = NetworkRange(String(item)) else {
                    throw Problem(setting: "MADOGUCHI_TRUSTED_PROXIES", message: "'\(item)' is not an IP address or CIDR network (e.g. 10.0.0.0/8)")
                }
                ranges.append(range)
            }
            configuration.trustedProxies = ranges
        }
    }

    static func parseStore(_ text: String?, dataDirectory: String) throws(Problem) -> Store {
        guard let text, !text.isEmpty else { return .sqlite(path: dataDirectory + "/madoguchi.sqlite") }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let url = URL(string: text), url.host != nil else {
                throw Problem(setting: "DATABASE_URL", message: "not a valid postgres://user:password@host:port/database URL")
            }
            return .postgres(url: text)
        }
        if text.hasPrefix("sqlite://") { return .sqlite(path: String(text.dropFirst("sqlite://".count))) }
        if text.contains("://") {
            throw Problem(setting: "DATABASE_URL", message: "only postgres:// URLs or a SQLite file path are supported")
        }
        return .sqlite(path: text)
    }

    static func parseBool(_ text: String?, setting: String) throws(Problem) -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Problem(setting: setting, message: "'\(text)' is not true or false")
        }
    }

    public var description: String {
        let storeText: String
        switch store {
        case .sqlite(let path): storeText = "sqlite:\(path)"
        case .postgres(let url): storeText = Configuration.redacted(url)
        }
        return "store=\(storeText) data=\(dataDirectory) listen=\(hostname):\(port) log=\(logLevel.rawValue)/\(logFormat.rawValue) secureCookies=\(secureCookies) demo=\(loadDemo) metricsToken=\(metricsToken == nil ? "none" : "set") fieldKeys=\(fieldKeysLabel) counterSessionRetention=\(counterSessionRetentionDays)d"
    }

    private var fieldKeysLabel: String {
        switch fieldKeys {
        case .inline: return "env"
        case .file(let path): return "file:\(path)"
        case .generatedInDataDirectory: return "data-directory"
        }
    }

    /// The URL with its password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://***" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://***"
    }
}
