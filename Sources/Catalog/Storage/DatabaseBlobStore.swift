import Crypto
import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Blobs as rows of the shared database, so every instance of a deployment on one PostgreSQL reads
/// every file: `catalog_blobs` holds a blob's key and size, `catalog_blob_chunks` its bytes in
/// chunks of `BlobChunks.size` (one row each, keyed by blob id and chunk index).
///
/// A put writes its chunks as they arrive under a new blob id whose key is still empty, one short
/// statement each (no connection held for the length of an upload), and names the blob with its
/// hash only once every byte is in; the same bytes stored twice keep the first copy. A read fetches
/// one chunk per query, so neither direction ever holds a whole file. Puts abandoned by a crash are
/// removed by a later put after `abandonedAfter`. Works on both engines (the tests run it on SQLite
/// too); the application chooses it for PostgreSQL.
public struct DatabaseBlobStore: BlobStore {
    static let blobsTable = "catalog_blobs"
    static let chunksTable = "catalog_blob_chunks"

    let database: @Sendable () throws -> any Database
    let chunkSize: Int
    /// How long an unfinished put may take before a later put deletes what it wrote.
    let abandonedAfter: TimeInterval

    /// - Parameter database: a database of the pool, asked again for each call (so calls spread over
    ///   the event loops rather than pinning one).
    public init(database: @escaping @Sendable () throws -> any Database, chunkSize: Int = BlobChunks.size, abandonedAfter: TimeInterval = 6 * 3600) {
        self.database = database
        self.chunkSize = chunkSize
        self.abandonedAfter = abandonedAfter
    }

    public func put<Chunks: AsyncSequence>(chunks: Chunks) async throws -> BlobReference where Chunks.Element == Data {
        let db = try database().sql(for: "the blob store")
        try await removeAbandoned(db)
        let id = UUID()
        try await db.insert(into: Self.blobsTable).columns("id", "size", "chunk_size", "created_at")
            .values(SQLBind(id), SQLBind(Int64(0)), SQLBind(chunkSize), SQLBind(Int64(Date().timeIntervalSince1970))).run()
        do {
            var hasher = SHA256()
            var size: Int64 = 0
            var index = 0
            var accumulator = ChunkAccumulator(size: chunkSize)
            for try await piece in chunks {
                hasher.update(data: piece)
                size += Int64(piece.count)
                for chunk in accumulator.add(piece) {
                    try await insertChunk(chunk, index: index, blob: id, db)
                    index += 1
                }
            }
            if let last = accumulator.finish() { try await insertChunk(last, index: index, blob: id, db) }
            let reference = BlobReference(sha256: hasher.finalize().lowercaseHex, size: size)
            if try await blobID(reference.sha256, db) != nil {
                try await remove(id, db)
                return reference
            }
            do {
                try await db.update(Self.blobsTable).set("sha256", to: SQLBind(reference.sha256)).set("size", to: SQLBind(size))
                    .where("id", .equal, SQLBind(id)).run()
            } catch {
                // The same bytes finished first on another connection or instance: theirs stays.
                guard try await blobID(reference.sha256, db) != nil else { throw error }
                try await remove(id, db)
            }
            return reference
        } catch {
            try? await remove(id, db)
            throw error
        }
    }

    public func read(_ sha256: String, offset: Int64, maxBytes: Int64?, consume: (Data) async throws -> Void) async throws {
        guard BlobReference.isValidKey(sha256) else { throw BlobStoreError.invalidKey }
        let db = try database().sql(for: "the blob store")
        guard let row = try await db.select().columns("id", "size", "chunk_size").from(Self.blobsTable)
            .where("sha256", .equal, SQLBind(sha256)).first() else { throw BlobStoreError.notFound }
        let id = try row.decode(column: "id", as: UUID.self)
        let size = try row.decode(column: "size", as: Int64.self)
        let storedChunkSize = Int64(try row.decode(column: "chunk_size", as: Int.self))
        let start = min(max(0, offset), size)
        var remaining = min(size - start, maxBytes ?? .max)
        var index = start / storedChunkSize
        var skip = Int(start % storedChunkSize)
        while remaining > 0 {
            guard let chunkRow = try await db.select().column("bytes").from(Self.chunksTable)
                .where("blob_id", .equal, SQLBind(id)).where("chunk_index", .equal, SQLBind(Int(index))).first() else {
                throw BlobStoreError.notFound  // deleted while being read
            }
            var chunk = try chunkRow.decode(column: "bytes", as: Data.self)
            if skip > 0 || Int64(chunk.count) > remaining {
                let lower = chunk.startIndex + min(skip, chunk.count)
                chunk = chunk.subdata(in: lower..<min(chunk.endIndex, lower + Int(min(remaining, Int64(Int.max / 2)))))
            }
            guard !chunk.isEmpty else { throw BlobStoreError.notFound }
            skip = 0
            remaining -= Int64(chunk.count)
            index += 1
            try await consume(chunk)
        }
    }

    public func reference(_ sha256: String) async throws -> BlobReference? {
        guard BlobReference.isValidKey(sha256) else { throw BlobStoreError.invalidKey }
        let db = try database().sql(for: "the blob store")
        guard let row = try await db.select().column("size").from(Self.blobsTable).where("sha256", .equal, SQLBind(sha256)).first() else {
            return nil
        }
        return BlobReference(sha256: sha256, size: try row.decode(column: "size", as: Int64.self))
    }

    public func delete(_ sha256: String) async throws {
        guard BlobReference.isValidKey(sha256) else { throw BlobStoreError.invalidKey }
        let db = try database().sql(for: "the blob store")
        guard let id = try await blobID(sha256, db) else { return }
        try await remove(id, db)
    }

    private func insertChunk(_ chunk: Data, index: Int, blob id: UUID, _ db: any SQLDatabase) async throws {
        try await db.insert(into: Self.chunksTable).columns("blob_id", "chunk_index", "bytes")
            .values(SQLBind(id), SQLBind(index), SQLBind(chunk)).run()
    }

    private func blobID(_ sha256: String, _ db: any SQLDatabase) async throws -> UUID? {
        try await db.select().column("id").from(Self.blobsTable).where("sha256", .equal, SQLBind(sha256)).first()?
            .decode(column: "id", as: UUID.self)
    }

    /// Deletes a blob's row and its chunks together, so no reader finds a key without its bytes.
    private func remove(_ id: UUID, _ db: any SQLDatabase) async throws {
        try await database().transaction { transaction in
            let tx = try transaction.sql(for: "the blob store")
            try await tx.delete(from: Self.chunksTable).where("blob_id", .equal, SQLBind(id)).run()
            try await tx.delete(from: Self.blobsTable).where("id", .equal, SQLBind(id)).run()
        }
    }

    private func removeAbandoned(_ db: any SQLDatabase) async throws {
        let cutoff = Int64(Date().addingTimeInterval(-abandonedAfter).timeIntervalSince1970)
        let rows = try await db.select().column("id").from(Self.blobsTable).where("sha256", .is, SQLLiteral.null)
            .where("created_at", .lessThan, SQLBind(cutoff)).all()
        for row in rows { try await remove(try row.decode(column: "id", as: UUID.self), db) }
    }
}
