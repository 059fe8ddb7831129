import Foundation
import MadoguchiCore

/// A stored file read as chunks on demand (pull, not push), so a consumer as slow as a database
/// insert never lets more than one chunk pile up.
public struct FileChunks: AsyncSequence, Sendable {
    public typealias Element = Data

    let url: URL
    let chunkSize: Int

    init(url: URL, chunkSize: Int = BlobChunks.size) {
        self.url = url
        self.chunkSize = chunkSize
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        let chunkSize: Int
        var failure: (any Error)?

        public mutating func next() async throws -> Data? {
            if let failure { throw failure }
            guard let handle else { return nil }
            guard let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty else {
                try? handle.close()
                return nil
            }
            return chunk
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            return AsyncIterator(handle: nil, chunkSize: chunkSize, failure: BlobStoreError.notFound)
        }
        return AsyncIterator(handle: handle, chunkSize: chunkSize, failure: nil)
    }
}
