import MadoguchiCore

/// Turns a document's bytes into Unicode scalars a chunk at a time, in an encoding that
/// `EncodingDetector` found: the memory a scan needs stays the same whatever the file's size.
struct ScalarChunkReader {
    let source: ByteSource
    let encoding: TextDecoding.Encoding
    let file: String
    /// Bytes read but not decoded yet: the end of a character cut by the chunk boundary.
    private var bytes: [UInt8] = []
    /// Bytes at the very start that are not text (byte-order marks).
    private var skip: Int

    init(source: ByteSource, encoding: TextDecoding.Encoding, skip: Int, file: String) throws(DocumentScanError) {
        try source.rewind()
        self.source = source
        self.encoding = encoding
        self.skip = skip
        self.file = file
        bytes.reserveCapacity(ByteSource.chunkSize + 8)
    }

    /// Replaces `scalars` with those of the next chunk; false once every byte is used. With
    /// `decode` off (the encoding check) UTF-8 is only checked and `scalars` stays empty.
    /// Throws `unknownEncoding` at the first byte the encoding does not allow.
    mutating func next(into scalars: inout [Unicode.Scalar], decode: Bool = true) throws(DocumentScanError) -> Bool {
        scalars.removeAll(keepingCapacity: true)
        while true {
            let read = try source.read(appendingTo: &bytes)
            if skip > 0 {
                guard bytes.count >= skip || read == 0 else { continue }
                bytes.removeFirst(min(skip, bytes.count))
                skip = 0
            }
            if read == 0 {
                // Only UTF-16 may end in a stray byte (ignored, as Foundation does); anything else left is a cut character.
                let strayByte = bytes.count == 1 && (encoding == .utf16LittleEndian || encoding == .utf16BigEndian)
                guard bytes.isEmpty || strayByte else { throw .unknownEncoding(file: file) }
                return false
            }
            let encoding = encoding
            let used: Int? = bytes.withUnsafeBufferPointer { buffer in
                switch encoding {
                case .utf8, .utf8WithBOM:
                    return decode ? UTF8Scalars.decode(buffer, into: &scalars) : UTF8Scalars.validPrefix(buffer)
                case .utf16LittleEndian, .utf16BigEndian:
                    return LegacyScalars.decodeUTF16(buffer, bigEndian: encoding == .utf16BigEndian, into: &scalars)
                case .shiftJIS:
                    return LegacyScalars.decodeShiftJIS(buffer, into: &scalars)
                }
            }
            guard let used else { throw .unknownEncoding(file: file) }
            bytes.removeFirst(used)
            if used > 0 { return true }
        }
    }
}
