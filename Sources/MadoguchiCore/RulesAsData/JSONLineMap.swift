/// Finds the line on which each value of a JSON document starts, keyed by `JSONPath`.
///
/// Foundation's decoders report a coding path but no line; staff editing a rules-as-data file need
/// "procedures/bereavement.json:42" or "move-out.json:12", so this small scanner walks the text once
/// alongside the decoder. It also reports syntax errors with their line and column.
public struct JSONLineMap: Sendable {
    public private(set) var lines: [String: Int] = [:]

    public struct SyntaxError: Error, Sendable {
        public let line: Int
        public let column: Int
        public let reason: String
    }

    public init(text: String) throws(SyntaxError) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.skipSpace()
        try scanner.value(path: [], into: &lines)
        scanner.skipSpace()
        if !scanner.atEnd { throw scanner.error("unexpected text after the end of the document") }
    }

    /// The line of the value at `path`, or of its nearest recorded ancestor.
    public func line(for path: String) -> Int {
        var components = path.split(separator: "/").map(String.init)
        while true {
            if let line = lines[components.joined(separator: "/")] { return line }
            if components.isEmpty { return 1 }
            components.removeLast()
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[index] }

        func error(_ reason: String) -> SyntaxError {
            SyntaxError(line: line, column: index - lineStart + 1, reason: reason)
        }

        mutating func advance() {
            if bytes[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
            index += 1
        }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { advance() }
        }

        mutating func expect(_ ascii: Unicode.Scalar) throws(SyntaxError) {
            guard current == UInt8(ascii: ascii) else { throw error("expected '\(ascii)'") }
            advance()
        }

        mutating func value(path: [String], into lines: inout [String: Int]) throws(SyntaxError) {
            lines[path.joined(separator: "/")] = line
            switch current {
            case UInt8(ascii: "{"):
                advance(); skipSpace()
                if current == UInt8(ascii: "}") { advance(); return }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace(); try expect(":"); skipSpace()
                    try value(path: path + [key], into: &lines)
                    skipSpace()
                    if current == UInt8(ascii: ",") { advance(); continue }
                    try expect("}"); return
                }
            case UInt8(ascii: "["):
                advance(); skipSpace()
                if current == UInt8(ascii: "]") { advance(); return }
                var i = 0
                while true {
                    skipSpace()
                    try value(path: path + [String(i)], into: &lines)
                    i += 1
                    skipSpace()
                    if current == UInt8(ascii: ",") { advance(); continue }
                    try expect("]"); return
                }
            case UInt8(ascii: "\""):
                _ = try string()
            case .some(let c) where c == UInt8(ascii: "-") || (0x30...0x39).contains(c):
                while let d = current, "+-.eE0123456789".utf8.contains(d) { advance() }
            case .some(let c) where (0x61...0x7A).contains(c):
                var word = ""
                while let d = current, (0x61...0x7A).contains(d) { word.append(Character(Unicode.Scalar(d))); advance() }
                guard ["true", "false", "null"].contains(word) else { throw error("unknown literal '\(word)'") }
            default:
                throw error(atEnd ? "unexpected end of file" : "unexpected character")
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            guard current == UInt8(ascii: "\"") else { throw error("expected a string in double quotes") }
            advance()
            var raw: [UInt8] = []
            while let c = current, c != UInt8(ascii: "\"") {
                if c == UInt8(ascii: "\n") { throw error("line break inside a string") }
                if c == UInt8(ascii: "\\") { raw.append(c); advance(); guard !atEnd else { break } }
                raw.append(bytes[index]); advance()
            }
            guard current == UInt8(ascii: "\"") else { throw error("unterminated string") }
            advance()
            return String(decoding: raw, as: UTF8.self)
        }
    }
}
