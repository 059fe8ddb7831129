import Crypto
import Foundation
import MadoguchiCore

/// Blobs as files under a data directory: `<root>/sha256/ab/cd/<hash>`. Keys are validated as hex
/// before touching the file system, so no caller-supplied text ever becomes a path. One instance's
/// disk: the store for SQLite; several instances use `DatabaseBlobStore`.
public struct FileSystemBlobStore: BlobStore {
    public let root: URL

    public init(root: URL) { self.root = root }

    public func put<Chunks: AsyncSequence>(chunks: Chunks) async throws -> BlobReference where Chunks.Element == Data {
        let staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        // Written under a temporary name and renamed once complete, so a reader never sees half a file.
        let temporary = staging.appendingPathComponent("\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? FileManager.default.removeItem(at: temporary) }
        let handle = try FileHandle(forWritingTo: temporary)
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            for try await chunk in chunks {
                hasher.update(data: chunk)
                size += Int64(chunk.count)
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        let hash = hasher.finalize().lowercaseHex
        let url = try path(for: hash)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try FileManager.default.moveItem(at: temporary, to: url) } catch {
                if !FileManager.default.fileExists(atPath: url.path) { throw error }
            }
        }
        return BlobReference(sha256: hash, size: size)
    }

    public func read(_ sha256: String, offset: Int64, maxBytes: Int64?, consume: (Data) async throws -> Void) async throws {
        let url = try path(for: sha256)
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw BlobStoreError.notFound }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(max(0, offset)))
        var remaining = maxBytes ?? .max
        while remaining > 0 {
            guard let chunk = try handle.read(upToCount: Int(min(Int64(BlobChunks.size), remaining))), !chunk.isEmpty else { break }
            remaining -= Int64(chunk.count)
            try await consume(chunk)
        }
    }

    public func reference(_ sha256: String) async throws -> BlobReference? {
        let url = try path(for: sha256)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = (attributes[.size] as? NSNumber)?.int64Value else { return nil }
        return BlobReference(sha256: sha256, size: size)
    }

    public func delete(_ sha256: String) async throws {
        let url = try path(for: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.removeItem(at: url)
    }

    /// The blob's bytes as a chunk sequence read on demand (for copying into another store).
    public func chunks(_ sha256: String) throws -> FileChunks {
        FileChunks(url: try path(for: sha256))
    }

    /// Every stored blob's key (for copying a folder into another store).
    public func keys() throws -> [String] {
        let base = root.appendingPathComponent("sha256")
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.compactMap { $0.split(separator: "/").last.map(String.init) }
            .filter(BlobReference.isValidKey).sorted()
    }

    func path(for sha256: String) throws -> URL {
        guard BlobReference.isValidKey(sha256) else { throw BlobStoreError.invalidKey }
        let chars = Array(sha256)
        return root.appendingPathComponent("sha256").appendingPathComponent(String(chars[0...1]))
            .appendingPathComponent(String(chars[2...3])).appendingPathComponent(sha256)
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).lowercaseHex
    }
}
