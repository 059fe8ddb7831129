import Crypto
import Foundation
import MadoguchiCore

/// Blobs as files under a data directory: `<root>/sha256/ab/cd/<hash>`. Keys are validated as hex
/// before touching the file system, so no caller-supplied text ever becomes a path.
public struct FileSystemBlobStore: BlobStore {
    public let root: URL

    public init(root: URL) { self.root = root }

    public enum Failure: Error, Equatable { case invalidKey, notFound }

    public func put(_ data: Data) async throws -> BlobReference {
        let hash = Self.sha256(data)
        let url = try path(for: hash)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Write to a temporary name and rename, so a reader never sees half a file.
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            do { try FileManager.default.moveItem(at: temporary, to: url) } catch {
                try? FileManager.default.removeItem(at: temporary)
                if !FileManager.default.fileExists(atPath: url.path) { throw error }
            }
        }
        return BlobReference(sha256: hash, size: Int64(data.count))
    }

    public func get(_ sha256: String) async throws -> Data {
        let url = try path(for: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Failure.notFound }
        return try Data(contentsOf: url)
    }

    public func exists(_ sha256: String) async throws -> Bool {
        FileManager.default.fileExists(atPath: try path(for: sha256).path)
    }

    func path(for sha256: String) throws -> URL {
        guard sha256.count == 64, sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw Failure.invalidKey
        }
        let chars = Array(sha256)
        return root.appendingPathComponent("sha256").appendingPathComponent(String(chars[0...1]))
            .appendingPathComponent(String(chars[2...3])).appendingPathComponent(sha256)
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).lowercaseHex
    }
}
