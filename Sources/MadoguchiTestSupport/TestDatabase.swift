import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import MadoguchiCore
import NIOCore
import NIOPosix

/// A fresh, migrated database for one test: a temporary SQLite file by default, or the PostgreSQL
/// database named by `DATABASE_URL` (its `public` schema is emptied first), so every suite that
/// touches the database runs on both engines from the same code.
public final class TestDatabase: @unchecked Sendable {
    public let databases: Databases
    public let logger = Logger(label: "madoguchi.test-db")
    private let threadPool: NIOThreadPool
    private let sqliteFile: URL?

    /// True when the tests run against PostgreSQL.
    public static var isPostgres: Bool { ProcessInfo.processInfo.environment["DATABASE_URL"]?.hasPrefix("postgres") == true }

    public var database: any Database { databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())! }

    private init(databases: Databases, threadPool: NIOThreadPool, sqliteFile: URL?) {
        self.databases = databases
        self.threadPool = threadPool
        self.sqliteFile = sqliteFile
    }

    /// Creates the database and runs `migrations` in order. `keeping`: a SQLite file used instead of
    /// a temporary one and kept at `shutdown`; with `fresh` false an existing store is opened as it
    /// is (PostgreSQL's schema not emptied, the migrations already run skipped) — a benchmark that
    /// is killed and started again on the same data (bench/notices/crash.py).
    public static func make(migrations: [any Migration], keeping kept: URL? = nil, fresh: Bool = true) async throws -> TestDatabase {
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        var sqliteFile: URL?
        if isPostgres, let url = ProcessInfo.processInfo.environment["DATABASE_URL"] {
            databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        } else {
            let file = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-test-\(UUID().uuidString).sqlite")
            sqliteFile = kept == nil ? file : nil
            databases.use(.sqlite(.file(file.path)), as: .sqlite)
        }
        let test = TestDatabase(databases: databases, threadPool: threadPool, sqliteFile: sqliteFile)
        if isPostgres, fresh {
            let sql = try test.database.sql(for: "emptying the test schema")
            try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        // As the server sets each SQLite connection (configure.swift).
        try await SQLiteBulkWrite.prepareConnections(MultiThreadedEventLoopGroup.singleton.makeIterator().compactMap {
            databases.database(logger: test.logger, on: $0)
        })
        let list = Migrations()
        list.add(migrations)
        let migrator = Migrator(databases: databases, migrations: list, logger: test.logger,
                                on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        return test
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        if let sqliteFile { try? FileManager.default.removeItem(at: sqliteFile) }
    }
}
