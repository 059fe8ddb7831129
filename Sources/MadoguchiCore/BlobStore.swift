import Foundation

/// Where uploaded files live, addressed by the SHA-256 of their bytes: identical uploads are
/// stored once, and a stored version can never change under its key.
///
/// Bytes move in chunks both ways (at most `BlobChunks.size` at a time), so a store never needs a
/// whole file in memory. The protocol lives in Core so that any module (the catalogue's dataset
/// files, the notices' attachments) takes the one store the application injects; the two stores
/// that ship live in Catalog: `FileSystemBlobStore` (one instance, SQLite) and `DatabaseBlobStore`
/// (rows in the shared database, for several instances on PostgreSQL).
///
/// Nothing in the application deletes a blob: a key is the hash of the bytes, so the same blob may
/// be a dataset's file and a notice's attachment at once, and no one owner can tell that it is the
/// last. Removing a reference (a draft's attachment, a replaced resource) leaves the blob; `delete`
/// is for maintenance that has checked every module's references first. An
/// object store (S3-compatible) fits the same four calls: `put` as a multipart upload under a
/// temporary name copied to its hash, `read` as ranged GETs, `reference` as HEAD, `delete`.
public protocol BlobStore: Sendable {
    /// Stores the bytes `chunks` yields, in order, and returns their key; storing bytes already
    /// stored changes nothing. A failed or abandoned put leaves no blob under any key.
    func put<Chunks: AsyncSequence>(chunks: Chunks) async throws -> BlobReference where Chunks.Element == Data
    /// Hands the blob's bytes from `offset` on (at most `maxBytes` of them) to `consume`, in order,
    /// a chunk at a time. Throws `BlobStoreError.notFound` for an unknown key.
    func read(_ sha256: String, offset: Int64, maxBytes: Int64?, consume: (Data) async throws -> Void) async throws
    /// The blob's key and size, or nil when nothing is stored under `sha256`.
    func reference(_ sha256: String) async throws -> BlobReference?
    /// Removes the blob; removing one that is not stored is not an error.
    func delete(_ sha256: String) async throws
}

/// Why a store refused a key.
public enum BlobStoreError: Error, Equatable {
    /// Not 64 lower-case hex digits: no caller-supplied text ever reaches a path or a query as a key.
    case invalidKey
    case notFound
}

/// A stored blob's key and size.
public struct BlobReference: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256.
    public let sha256: String
    public let size: Int64

    public init(sha256: String, size: Int64) {
        self.sha256 = sha256
        self.size = size
    }

    /// Whether `key` has the shape of a key (64 lower-case hex digits).
    public static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 64 && key.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension BlobStore {
    /// Stores bytes already in memory (small files, converted copies).
    public func put(_ data: Data) async throws -> BlobReference {
        try await put(chunks: BlobChunks(data))
    }

    /// The whole blob in memory: only for callers that need all of it at once (the publish guard's
    /// scanner, CSV conversion and validation); downloads stream with `read`.
    public func get(_ sha256: String) async throws -> Data {
        var data = Data()
        try await read(sha256, offset: 0, maxBytes: nil) { data.append($0) }
        return data
    }

    /// The first `maxBytes` bytes (or fewer), e.g. for a preview.
    public func prefix(_ sha256: String, maxBytes: Int) async throws -> Data {
        var data = Data()
        try await read(sha256, offset: 0, maxBytes: Int64(maxBytes)) { data.append($0) }
        return data
    }

    public func read(_ sha256: String, consume: (Data) async throws -> Void) async throws {
        try await read(sha256, offset: 0, maxBytes: nil, consume: consume)
    }

    public func exists(_ sha256: String) async throws -> Bool {
        try await reference(sha256) != nil
    }
}
