import Foundation
import MadoguchiCore

/// Moving a deployment from one instance's folder to a shared store: every blob of the folder that
/// the store lacks is copied in, chunk by chunk, and checked against its key. Safe to run on every
/// instance at every start (a blob already stored is skipped; the same bytes copied twice are kept once).
public enum BlobFolderImport {
    public struct Outcome: Sendable, Equatable {
        public var copied = 0
        /// Files whose bytes no longer hash to their name (reported, not copied under it).
        public var damaged: [String] = []
    }

    public static func copyMissing(from folder: FileSystemBlobStore, to store: any BlobStore) async throws -> Outcome {
        var outcome = Outcome()
        for key in try folder.keys() where try await !store.exists(key) {
            let stored = try await store.put(chunks: try folder.chunks(key))
            // A damaged file's bytes land under their own hash, which nothing refers to; the
            // bytes may equal another blob's, so they are not deleted.
            if stored.sha256 == key { outcome.copied += 1 } else { outcome.damaged.append(key) }
        }
        return outcome
    }
}
