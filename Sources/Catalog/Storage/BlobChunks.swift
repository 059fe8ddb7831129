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

/// Gathers a stream of pieces of any size into chunks of exactly `size` bytes (the last one shorter).
struct ChunkAccumulator {
    let size: Int
    private var pending = Data()

    init(size: Int) { self.size = size }

    /// Adds `piece` and returns the full chunks it completes.
    mutating func add(_ piece: Data) -> [Data] {
        pending.append(piece)
        guard pending.count >= size else { return [] }
        var full: [Data] = []
        var start = pending.startIndex
        while pending.endIndex - start >= size {
            full.append(pending.subdata(in: start..<start + size))
            start += size
        }
        pending = pending.subdata(in: start..<pending.endIndex)
        return full
    }

    /// What is left after the last piece, if anything.
    mutating func finish() -> Data? {
        defer { pending = Data() }
        return pending.isEmpty ? nil : pending
    }
}
