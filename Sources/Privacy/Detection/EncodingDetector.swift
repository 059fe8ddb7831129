import Foundation
import MadoguchiCore

/// Finds a document's encoding the way `TextDecoding.decode` does — a byte-order mark, else not
/// binary, else UTF-8 if every byte is UTF-8, else Shift_JIS — but reading the bytes in chunks,
/// so that a file is checked whole before the scan reports anything from it.
enum EncodingDetector {
    struct Found {
        let encoding: TextDecoding.Encoding
        /// Leading bytes that are not text.
        let skip: Int
    }

    static func detect(_ source: ByteSource, file: String) throws(DocumentScanError) -> Found {
        try source.rewind()
        var head: [UInt8] = []
        while head.count < 8192, try source.read(appendingTo: &head, limit: 8192 - head.count) > 0 {}
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if head.starts(with: bom) {
            // Foundation's UTF-8 decoding drops one more mark right after the first.
            let found = Found(encoding: .utf8WithBOM, skip: head.dropFirst(3).starts(with: bom) ? 6 : 3)
            guard try holds(source, found, file: file) else { throw .unknownEncoding(file: file) }
            return found
        }
        for (mark, encoding) in [([UInt8](arrayLiteral: 0xFF, 0xFE), TextDecoding.Encoding.utf16LittleEndian), ([0xFE, 0xFF], .utf16BigEndian)]
        where head.starts(with: mark) {
            let found = Found(encoding: encoding, skip: 2)
            if try holds(source, found, file: file) { return found }
        }
        if TextDecoding.looksBinary(Data(head)) { throw .binary(file: file) }
        for encoding in [TextDecoding.Encoding.utf8, .shiftJIS] {
            let found = Found(encoding: encoding, skip: 0)
            if try holds(source, found, file: file) { return found }
        }
        throw .unknownEncoding(file: file)
    }

    /// True when every byte of the source is text in `found`'s encoding.
    private static func holds(_ source: ByteSource, _ found: Found, file: String) throws(DocumentScanError) -> Bool {
        var reader = try ScalarChunkReader(source: source, encoding: found.encoding, skip: found.skip, file: file)
        var scratch: [Unicode.Scalar] = []
        do {
            while try reader.next(into: &scratch, decode: false) {}
        } catch .unknownEncoding {
            return false
        }
        return true
    }
}
