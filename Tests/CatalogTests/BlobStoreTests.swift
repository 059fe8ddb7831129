import Catalog
import Crypto
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit
import XCTest

/// Both blob stores through their API: content addressing, ranges, deletion, and files moving in
/// chunks both ways. The database store runs on the test engine (SQLite, or PostgreSQL with `DATABASE_URL`).
final class BlobStoreTests: XCTestCase {
    func testEitherStoreKeepsBytesUnderTheirHashOnceAndDeletesThem() async throws {
        let f = try await makeFixture()
        let database = f.database
        for store in [FileSystemBlobStore(root: f.blobRoot), DatabaseBlobStore(database: { database })] as [any BlobStore] {
            let bytes = Data("名称,住所\n市役所,国立市富士見台2-47-1\n".utf8)
            let first = try await store.put(bytes)
            let again = try await store.put(chunks: BlobChunks(bytes, chunkSize: 5))
            XCTAssertEqual(first, again, "\(type(of: store))")
            XCTAssertEqual(first, BlobReference(sha256: FileSystemBlobStore.sha256(bytes), size: Int64(bytes.count)))
            let stored = try await store.reference(first.sha256)
            XCTAssertEqual(stored, first)
            let read = try await store.get(first.sha256)
            XCTAssertEqual(read, bytes)
            let empty = try await store.put(Data())
            let emptyRead = try await store.get(empty.sha256)
            XCTAssertEqual(empty.size, 0)
            XCTAssertEqual(emptyRead, Data())

            try await store.delete(first.sha256)
            let afterDelete = try await store.exists(first.sha256)
            XCTAssertFalse(afterDelete)
            await XCTAssertThrowsAsync { _ = try await store.get(first.sha256) }
            try await store.delete(first.sha256)  // twice is fine
            await XCTAssertThrowsAsync { _ = try await store.get("../../etc/passwd") }
            await XCTAssertThrowsAsync { _ = try await store.reference("'; DROP TABLE catalog_blobs; --") }
        }
    }

    func testRangesAcrossChunkBoundariesReadTheSameBytesFromEitherStore() async throws {
        let f = try await makeFixture()
        let database = f.database
        let bytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let stores: [any BlobStore] = [FileSystemBlobStore(root: f.blobRoot), DatabaseBlobStore(database: { database }, chunkSize: 1000)]
        for store in stores {
            let blob = try await store.put(chunks: BlobChunks(bytes, chunkSize: 333))
            for (offset, length) in [(0, 10_000), (999, 2), (1000, 1000), (1500, 3000), (9_990, 100), (10_000, 5), (0, 0)] as [(Int, Int)] {
                var got = Data()
                try await store.read(blob.sha256, offset: Int64(offset), maxBytes: Int64(length)) { got.append($0) }
                XCTAssertEqual(got, bytes.subdata(in: min(offset, bytes.count)..<min(offset + length, bytes.count)), "\(type(of: store)) \(offset)+\(length)")
            }
            let prefix = try await store.prefix(blob.sha256, maxBytes: 2500)
            XCTAssertEqual(prefix, bytes.prefix(2500))
        }
    }

    /// A 20 MB file goes in while it is still being produced and comes out a chunk at a time: when
    /// the source is asked for more, every complete chunk of what it gave so far is already a row;
    /// the rows and the pieces read are never larger than a chunk.
    func testATwentyMegabyteFileStreamsThroughTheDatabaseStoreInChunks() async throws {
        let f = try await makeFixture()
        let database = f.database
        let store = DatabaseBlobStore(database: { database })
        let total = 20 * 1024 * 1024
        let source = GeneratedBytes(total: total, pieceSize: 100_000, database: database)
        let blob = try await store.put(chunks: source)
        XCTAssertEqual(blob.size, Int64(total))
        XCTAssertEqual(blob.sha256, GeneratedBytes.digest(total: total, pieceSize: 100_000))
        let given = (total + 99_999) / 100_000
        XCTAssertEqual(source.checks.value, given - 1, "every piece after the first was asked for with the earlier chunks stored")

        let sql = try database.sql(for: "the test")
        let row = try await sql.raw("SELECT COUNT(*) AS n, MAX(LENGTH(bytes)) AS largest FROM catalog_blob_chunks").first()
        XCTAssertEqual(try row?.decode(column: "n", as: Int.self), total / BlobChunks.size)
        XCTAssertEqual(try row?.decode(column: "largest", as: Int.self), BlobChunks.size)

        var hasher = SHA256()
        var pieces = 0
        var largest = 0
        try await store.read(blob.sha256) { chunk in
            pieces += 1
            largest = max(largest, chunk.count)
            hasher.update(data: chunk)
        }
        XCTAssertEqual(hasher.finalize().lowercaseHex, blob.sha256)
        XCTAssertEqual(pieces, total / BlobChunks.size)
        XCTAssertEqual(largest, BlobChunks.size)
    }

    func testAFailedPutLeavesNothingBehind() async throws {
        let f = try await makeFixture()
        let database = f.database
        let store = DatabaseBlobStore(database: { database }, chunkSize: 1000)
        await XCTAssertThrowsAsync { _ = try await store.put(chunks: FailingBytes(before: 5_500)) }
        let sql = try database.sql(for: "the test")
        let blobs = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_blobs").first()?.decode(column: "n", as: Int.self)
        let chunks = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_blob_chunks").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(blobs, 0)
        XCTAssertEqual(chunks, 0)
    }

    func testAPutAbandonedByACrashIsRemovedByALaterPut() async throws {
        let f = try await makeFixture()
        let database = f.database
        let sql = try database.sql(for: "the test")
        let abandoned = UUID()
        try await sql.insert(into: "catalog_blobs").columns("id", "size", "chunk_size", "created_at")
            .values(SQLBind(abandoned), SQLBind(Int64(0)), SQLBind(1000), SQLBind(Int64(Date().timeIntervalSince1970) - 7 * 3600)).run()
        try await sql.insert(into: "catalog_blob_chunks").columns("blob_id", "chunk_index", "bytes")
            .values(SQLBind(abandoned), SQLBind(0), SQLBind(Data(repeating: 1, count: 1000))).run()
        _ = try await DatabaseBlobStore(database: { database }).put(Data("a,b\n".utf8))
        let rows = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_blob_chunks").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(rows, 1, "only the new blob's chunk is left")
    }

    func testAFolderOfFilesIsCopiedIntoTheDatabaseStoreOnce() async throws {
        let f = try await makeFixture()
        let database = f.database
        let folder = FileSystemBlobStore(root: f.blobRoot)
        let shared = DatabaseBlobStore(database: { database })
        let a = try await folder.put(Data("a,b\n1,2\n".utf8))
        let b = try await folder.put(Data(repeating: 42, count: 600_000))
        let first = try await BlobFolderImport.copyMissing(from: folder, to: shared)
        XCTAssertEqual(first.copied, 2)
        let second = try await BlobFolderImport.copyMissing(from: folder, to: shared)
        XCTAssertEqual(second.copied, 0)
        for blob in [a, b] {
            let copied = try await shared.get(blob.sha256)
            let original = try await folder.get(blob.sha256)
            XCTAssertEqual(copied, original)
        }
    }
}

/// Deterministic bytes produced piece by piece; before handing out each piece after the first it
/// checks that the store has already written every complete chunk of the bytes given so far.
private struct GeneratedBytes: AsyncSequence, Sendable {
    typealias Element = Data
    let total: Int
    let pieceSize: Int
    let database: any Database
    let checks = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }

    static func piece(_ index: Int, size: Int) -> Data {
        var bytes = Data(repeating: UInt8(truncatingIfNeeded: index &* 37), count: size)
        bytes[bytes.startIndex] = UInt8(truncatingIfNeeded: index >> 8)
        return bytes
    }

    static func digest(total: Int, pieceSize: Int) -> String {
        var hasher = SHA256()
        var index = 0
        var given = 0
        while given < total {
            let size = Swift.min(pieceSize, total - given)
            hasher.update(data: piece(index, size: size))
            given += size
            index += 1
        }
        return hasher.finalize().lowercaseHex
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: GeneratedBytes
        var given = 0
        var index = 0

        mutating func next() async throws -> Data? {
            guard given < source.total else { return nil }
            if given > 0 {
                let sql = try source.database.sql(for: "the test")
                let rows = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_blob_chunks").first()?.decode(column: "n", as: Int.self) ?? 0
                XCTAssertEqual(rows, given / BlobChunks.size, "complete chunks are written before more bytes are read")
                source.checks.increment()
            }
            let size = Swift.min(source.pieceSize, source.total - given)
            defer { given += size; index += 1 }
            return GeneratedBytes.piece(index, size: size)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// A source that fails part-way, as an upload cut off by the client does.
private struct FailingBytes: AsyncSequence, Sendable {
    typealias Element = Data
    let before: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let before: Int
        var given = 0

        mutating func next() async throws -> Data? {
            guard given < before else { throw CancellationError() }
            given += 500
            return Data(repeating: 9, count: 500)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(before: before) }
}
