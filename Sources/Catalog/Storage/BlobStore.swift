import Foundation

/// Where resource files live, addressed by the SHA-256 of their bytes: identical uploads are
/// stored once, and a stored version can never change under its key.
public protocol BlobStore: Sendable {
    /// Stores the bytes (idempotent) and returns their key.
    func put(_ data: Data) async throws -> BlobReference
    func get(_ sha256: String) async throws -> Data
    func exists(_ sha256: String) async throws -> Bool
}

/// A stored blob's key and size.
public struct BlobReference: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256.
    public let sha256: String
    public let size: Int64
}
