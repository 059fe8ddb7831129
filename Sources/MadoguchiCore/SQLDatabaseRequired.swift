import FluentKit
import SQLKit

/// Thrown by `Database.sql()` when a command that writes SQL runs on a database that is not an SQL
/// database (both supported engines, SQLite and PostgreSQL, are; this is a wiring mistake).
public struct SQLDatabaseRequired: UserFacingError, Equatable, CustomStringConvertible {
    /// What needed SQL, for the log (e.g. "the audit log").
    public let purpose: String

    public init(_ purpose: String) { self.purpose = purpose }

    public var kind: ErrorKind { .internalFailure }
    public var message: LocalizedText { LocalizedText(ja: "データベースが使えません", en: "No SQL database") }
    public var description: String { "\(purpose) needs an SQL database" }
}

extension Database {
    /// This database as an `SQLDatabase`; throws `SQLDatabaseRequired` naming `purpose` otherwise.
    /// The one way a module asks for SQL: no ad-hoc casts.
    public func sql(for purpose: String = "this command") throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw SQLDatabaseRequired(purpose) }
        return sql
    }
}

extension Database {
    /// Whether the database answers a trivial query now (the health check); never throws.
    public func answers() async -> Bool {
        guard let sql = try? sql(for: "the health check") else { return false }
        return (try? await sql.raw("SELECT 1 AS ok").first()) != nil
    }
}
