import Fluent
import FluentSQLiteDriver
import Forms
import MadoguchiCore
import Mail
import Vapor

extension DatabaseID {
    /// SQLite's one connection for filing submissions (`SubmissionWriter`), apart from the pool that reads.
    static let submissionWriter = DatabaseID(string: "sqlite-submission-writer")
}

extension Application {
    /// The group commit for submissions. On SQLite it writes through a connection of its own, always
    /// on the same event loop, so it is one connection: SQLite has one write lock, and a single
    /// writer never waits for it behind the readers' pool. On PostgreSQL it uses the ordinary pool.
    func makeSubmissionWriter(store: Configuration.Store, audit: any AuditTrail, outbox: MailOutbox) -> SubmissionWriter {
        var writerID: DatabaseID?
        if case .sqlite(let path) = store {
            databases.use(.sqlite(.file(path)), as: .submissionWriter, isDefault: false)
            writerID = .submissionWriter
        }
        let id = writerID, databases = self.databases, logger = self.logger, loop = eventLoopGroup.next()
        return SubmissionWriter(database: { databases.database(id, logger: logger, on: loop)! }, audit: audit, outbox: outbox)
    }
}
