import Foundation

/// Bytes in memory as the chunk sequence a `BlobStore` reads, `size` bytes at a time.
public struct BlobChunks: AsyncSequence, Sendable {
    public typealias Element = Data

    /// The size of a chunk stores write and read: large enough that a 20 MiB file is 80 rows or
    /// reads, small enough that many downloads at once stay within the server's memory.
    public static let size = 256 * 1024

    let data: Data
    let chunkSize: Int

    public init(_ data: Data, chunkSize: Int = BlobChunks.size) {
        self.data = data
        self.chunkSize = Swift.max(1, chunkSize)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let data: Data
        let chunkSize: Int
        var offset = 0

        public mutating func next() async -> Data? {
            guard offset < data.count else { return nil }
            let start = data.startIndex + offset
            let end = data.startIndex + Swift.min(offset + chunkSize, data.count)
            offset += end - start
            return data.subdata(in: start..<end)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data, chunkSize: chunkSize) }
}
