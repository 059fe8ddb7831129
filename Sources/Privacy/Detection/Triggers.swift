/// Which recognisers a scalar can wake, one byte per scalar of the Basic Multilingual Plane
/// (64 KiB, built once). `PIIScanner` ORs the bytes of a line in one pass and runs only the
/// recognisers whose triggers are there: most lines of a document hold no @, no 市区町村郡 and no
/// honorific, and are passed over after that one look.
enum Triggers {
    static let digit: UInt8 = 1 << 0
    static let at: UInt8 = 1 << 1
    /// 市区町村郡: every address the recogniser reports names a municipality.
    static let municipality: UInt8 = 1 << 2
    static let honorific: UInt8 = 1 << 3
    static let label: UInt8 = 1 << 4
    static let role: UInt8 = 1 << 5
    static let surname: UInt8 = 1 << 6
    static let space: UInt8 = 1 << 7
    /// What can start a name by itself; a surname needs a space too.
    static let name: UInt8 = honorific | label | role

    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        func mark<S: Sequence>(_ scalars: S, _ bit: UInt8) where S.Element == Unicode.Scalar {
            for s in scalars where s.value < 0x10000 { table[Int(s.value)] |= bit }
        }
        mark((0x30...0x39).compactMap(Unicode.Scalar.init) + (0xFF10...0xFF19).compactMap(Unicode.Scalar.init), digit)
        mark(["@", "＠"], at)
        mark("市区町村郡".unicodeScalars, municipality)
        mark(NameRecognizer.honorifics.compactMap(\.first), honorific)
        mark(NameRecognizer.labels.compactMap(\.first), label)
        mark(NameRecognizer.roles.compactMap(\.first), role)
        mark(NameRecognizer.surnameScalars.compactMap(\.first), surname)
        mark([" ", "\u{3000}", "\t"], space)
        return table
    }()

    /// What one pass over a line found: every trigger in it, whether it holds Japanese (a scalar at
    /// or above U+3000), and where the scalars that can start a name are (up to 16 of them).
    struct Line {
        var bits: UInt8 = 0
        var wide = false
        var namePositions = InlineArray<16, Int32>(repeating: 0)
        /// How many scalars can start a name; above 16 only the first 16 positions are kept.
        var nameCount = 0
    }

    static func of(_ scalars: [Unicode.Scalar]) -> Line {
        var line = Line()
        table.withUnsafeBufferPointer { table in
            for (index, c) in scalars.enumerated() {
                let v = Int(c.value)
                guard v >= 0x80 else {
                    line.bits |= table[v]
                    continue
                }
                if v >= 0x3000 { line.wide = true }
                guard v < 0x10000 else { continue }
                let bits = table[v]
                guard bits != 0 else { continue }
                line.bits |= bits
                if bits & (name | surname) != 0 {
                    if line.nameCount < 16 { line.namePositions[line.nameCount] = Int32(index) }
                    line.nameCount += 1
                }
            }
        }
        return line
    }

    /// The triggers of one scalar.
    @inline(__always)
    static func of(_ c: Unicode.Scalar, in table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let v = Int(c.value)
        return v < 0x10000 ? table[v] : 0
    }
}
