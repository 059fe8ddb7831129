import Foundation

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
