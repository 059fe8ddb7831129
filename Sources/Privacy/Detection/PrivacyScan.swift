import Foundation

/// The `madoguchi privacy scan [--json] FILE…` command, as a function the executable calls: prints
/// one line per finding (JSON or human-readable, always masked) and returns the exit status:
/// 0 nothing found, 1 something found, 2 a file could not be scanned.
public struct PrivacyScan {
    /// The largest file scanned (the documented limit; the scan itself reads in chunks and needs
    /// the same memory for any size); larger ones are refused with exit 2.
    public static let maxFileBytes = 512 * 1024 * 1024

    public static func run(paths: [String], json: Bool, write: (String) -> Void, writeError: (String) -> Void) -> Int32 {
        run(paths: paths, json: json, scanner: DocumentScanner(), write: write, writeError: writeError)
    }

    public static func run(paths: [String], json: Bool, scanner: DocumentScanner,
                           write: (String) -> Void, writeError: (String) -> Void) -> Int32 {
        guard !paths.isEmpty else {
            writeError("privacy scan: no file given")
            return 2
        }
        var failed = false
        var found = 0
        for path in paths {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
                writeError("\(path): file larger than \(maxFileBytes / 1024 / 1024) MiB; split it before scanning")
                failed = true
                continue
            }
            do {
                try scanner.scan(fileAt: path, note: { writeError("\($0.file):\($0.line): \($0.message)") }, finding: {
                    write(json ? jsonLine($0) : humanLine($0))
                    found += 1
                })
            } catch {
                writeError(error.message.en)
                failed = true
            }
        }
        if failed { return 2 }
        return found > 0 ? 1 : 0
    }

    /// `file:line:start-end kind score masked [column]`
    public static func humanLine(_ f: PIIFinding) -> String {
        let column = f.column.map { " [\($0)]" } ?? ""
        return "\(f.file):\(f.line):\(f.start)-\(f.end) \(f.kind.rawValue) \(scoreText(f.score)) \(f.masked)\(column)"
    }

    /// One JSON object with stable keys in a stable order.
    public static func jsonLine(_ f: PIIFinding) -> String {
        let column = f.column.map(jsonString) ?? "null"
        return "{\"file\":\(jsonString(f.file)),\"line\":\(f.line),\"column\":\(column),\"start\":\(f.start),\"end\":\(f.end),"
            + "\"kind\":\"\(f.kind.rawValue)\",\"score\":\(scoreText(f.score)),\"masked\":\(jsonString(f.masked))}"
    }

    /// The score with two decimals, as `%.2f` writes it; without `String(format:)` for the scores
    /// the scanner gives (already rounded to hundredths), which is most of a long scan's output time.
    static func scoreText(_ score: Double) -> String {
        let hundredths = (score * 100).rounded()
        guard abs(score * 100 - hundredths) < 1e-6, hundredths >= 0, hundredths < 1e6 else { return String(format: "%.2f", score) }
        let n = Int(hundredths)
        let cents = n % 100
        return "\(n / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func jsonString(_ s: String) -> String {
        // Masked values and file names rarely hold anything to escape.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
