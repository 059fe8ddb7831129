import FluentKit
import SQLKit

/// The SQLite connection settings of one bulk write (a fan-out's chunk: a thousand subscribers'
/// links and messages in one transaction), set at its start and put back at its end, on the
/// connection the transaction holds; PostgreSQL is left as it is.
///
/// Measured on a 100,000-subscriber fan-out (bench/notices), with SQLite's own defaults most of
/// the time went to spilling a 2 MB page cache and reading the random-keyed index pages back
/// (`pagerStress`, `pread`), to the statement journal each multi-row INSERT opens as a file, and
/// to checkpointing the write-ahead log every 1,000 pages. So for the chunk: a page cache of
/// `cacheKiB`; and on every connection from its start (`connectionPragmas`: SQLite refuses to
/// change temporary storage inside a transaction, and checkpoints at the commit, after a chunk's
/// own settings are put back), temporary files (statement journals) in memory and a checkpoint
/// every `checkpointPages` pages (a log of up to ~32 MB, copied into the database less often). Durability is untouched: `synchronous` stays FULL and each commit is
/// one fsync of the log. The cache is given back when the chunk ends, so the connection's memory
/// returns to SQLite's default between fan-outs.
public enum SQLiteBulkWrite {
    public static let cacheKiB = 32_768
    public static let checkpointPages = 8_000

    /// What the server sets on each SQLite connection when it starts (`configure`): statement journals
    /// and other temporary files in memory, and the log checkpointed every `checkpointPages` pages. A
    /// connection opened again later (after an error) runs with SQLite's defaults, which are slower,
    /// never less safe.
    public static let connectionPragmas = ["PRAGMA temp_store = MEMORY", "PRAGMA wal_autocheckpoint = \(checkpointPages)"]

    /// Sets `connectionPragmas` on each database given (one per event loop: each loop's pool holds its
    /// own connection); PostgreSQL databases are left as they are.
    public static func prepareConnections(_ databases: [any Database]) async throws {
        for database in databases {
            let sql = try database.sql(for: "the SQLite connection settings")
            guard sql.dialect.name == "sqlite" else { continue }
            for pragma in connectionPragmas { try await sql.raw("\(unsafeRaw: pragma)").run() }
        }
    }

    /// Runs `body` with the bulk settings on `db`, which must be a transaction's database (so every
    /// statement runs on its one connection); the settings before are put back afterwards, also when
    /// `body` throws.
    public static func run<T: Sendable>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        let sql = try db.sql(for: "a bulk write")
        guard sql.dialect.name == "sqlite" else { return try await body() }
        let before = try await settings(sql)
        try await apply(-cacheKiB, on: sql)
        do {
            let result = try await body()
            try await apply(before, on: sql)
            return result
        } catch {
            try? await apply(before, on: sql)
            throw error
        }
    }

    /// The connection's page cache setting (`PRAGMA cache_size`: pages, or KiB when negative).
    private static func settings(_ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self) ?? -2000
    }

    private static func apply(_ cache: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(cache))").run()
    }
}
