import Foundation

/// The bytes of a scanned document, read in chunks so that a file of any size is scanned in a fixed
/// amount of memory. Either a file (read with `read(2)`, never mapped or loaded whole) or data
/// already in memory (the publish guard's uploads). It can be rewound: the scanner reads a file
/// twice, once to learn its encoding and once to scan it.
final class ByteSource {
    private enum Storage {
        case data(Data)
        case file(descriptor: Int32, path: String)
    }

    private let storage: Storage
    private var offset = 0
    /// How many bytes one `read` hands over at most.
    static let chunkSize = 1 << 18

    init(data: Data) { storage = .data(data) }

    /// Opens `path` for reading; the descriptor is closed when the source goes away.
    init(path: String) throws(DocumentScanError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadable(file: path, reason: "no such file or not readable")
        }
        storage = .file(descriptor: descriptor, path: path)
    }

    deinit {
        if case .file(let descriptor, _) = storage { close(descriptor) }
    }

    /// Starts again from the first byte.
    func rewind() throws(DocumentScanError) {
        offset = 0
        if case .file(let descriptor, let path) = storage, lseek(descriptor, 0, SEEK_SET) != 0 {
            throw .unreadable(file: path, reason: "cannot seek")
        }
    }

    /// Appends the next chunk (at most `limit` bytes) to `buffer`; 0 at the end of the bytes.
    func read(appendingTo buffer: inout [UInt8], limit: Int = chunkSize) throws(DocumentScanError) -> Int {
        switch storage {
        case .data(let data):
            guard offset < data.count else { return 0 }
            let end = min(data.count, offset + limit)
            buffer.append(contentsOf: data[(data.startIndex + offset)..<(data.startIndex + end)])
            defer { offset = end }
            return end - offset
        case .file(let descriptor, let path):
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: limit))
            var failed = false
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                while true {
                    let n = Foundation.read(descriptor, raw.baseAddress! + old, limit)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true; return 0 }
                    return n
                }
            }
            buffer.removeLast(limit - count)
            // The same words as for a missing file: a directory or a device is not a readable file either.
            if failed { throw .unreadable(file: path, reason: "no such file or not readable") }
            offset += count
            return count
        }
    }
}
