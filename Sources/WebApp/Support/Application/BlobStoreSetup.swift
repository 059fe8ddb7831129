import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// Which blob store the application keeps uploaded files in. PostgreSQL: `DatabaseBlobStore`, so
/// every instance over the database reads every file and no file lives only on one instance's disk;
/// SQLite (one instance): files under `<data-dir>/blobs`.
extension Application {
    /// The store for `store`'s engine; nil keeps the folder (`MadoguchiServices.blobs`).
    func makeSharedBlobStore(store: Configuration.Store) -> (any BlobStore)? {
        guard case .postgres = store else { return nil }
        let databases = self.databases
        let group = self.eventLoopGroup
        let logger = self.logger
        return DatabaseBlobStore(database: {
            guard let database = databases.database(logger: logger, on: group.any()) else { throw BlobStoreUnavailable() }
            return database
        })
    }

    /// Copies files a deployment kept under `<data-dir>/blobs` before it used the shared store
    /// (after migrating, on every start; what is already shared is skipped).
    func copyBlobFolderIntoSharedStore() async throws {
        guard let shared = madoguchi.sharedBlobStore else { return }
        let folder = madoguchi.folderBlobStore
        guard FileManager.default.fileExists(atPath: folder.root.appendingPathComponent("sha256").path) else { return }
        let outcome = try await BlobFolderImport.copyMissing(from: folder, to: shared)
        if outcome.copied > 0 { logger.notice("copied files from the data directory into the database blob store", metadata: ["files": "\(outcome.copied)"]) }
        if !outcome.damaged.isEmpty {
            logger.warning("files in the data directory's blob folder do not match their hash and were not copied",
                           metadata: ["keys": .string(outcome.damaged.joined(separator: ","))])
        }
    }
}

/// The application is shutting down: no database to read or write blobs through.
struct BlobStoreUnavailable: Error {}
