import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Forms
import MadoguchiCore
import Mail
import Vapor

extension DatabaseID {
    /// SQLite's one connection for filing submissions (`SubmissionWriter`), apart from the pool that reads.
    static let submissionWriter = DatabaseID(string: "sqlite-submission-writer")
    /// PostgreSQL's connection for filing submissions, apart from the pool that reads.
    static let postgresSubmissionWriter = DatabaseID(string: "psql-submission-writer")
}

extension Application {
    /// The group commit for submissions. It writes through a connection of its own, always on the
    /// same event loop, so it is one connection apart from the pool that serves every request's reads:
    /// on SQLite because there is one write lock, and a single writer never waits for it behind the
    /// readers' pool; on PostgreSQL because a batch's transaction would otherwise hold one of the
    /// pool's few connections (one per event loop) for its whole round trips, and every request on
    /// that loop would queue behind it.
    func makeSubmissionWriter(store: Configuration.Store, audit: any AuditTrail, outbox: MailOutbox) -> SubmissionWriter {
        var id: DatabaseID?
        switch store {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path)), as: .submissionWriter, isDefault: false)
            id = .submissionWriter
        case .postgres(let url):
            // The URL was parsed already for the default pool; if it could not be, that pool is used.
            if let configuration = try? SQLPostgresConfiguration(url: url) {
                databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 1), as: .postgresSubmissionWriter, isDefault: false)
                id = .postgresSubmissionWriter
            }
        }
        let writerID = id, databases = self.databases, logger = self.logger, loop = eventLoopGroup.next()
        return SubmissionWriter(database: { databases.database(writerID, logger: logger, on: loop)! }, audit: audit, outbox: outbox)
    }
}
