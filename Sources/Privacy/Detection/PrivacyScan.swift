import Foundation

/// The `madoguchi privacy scan [--json] FILE…` command, as a function the executable calls: prints
/// one line per finding (JSON or human-readable, always masked) and returns the exit status:
/// 0 nothing found, 1 something found, 2 a file could not be scanned.
public struct PrivacyScan {
    /// The largest file scanned (read whole into memory); larger ones are refused with exit 2.
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
            guard let data = FileManager.default.contents(atPath: path) else {
                writeError(DocumentScanError.unreadable(file: path, reason: "no such file or not readable").message.en)
                failed = true
                continue
            }
            do {
                let report = try scanner.scan(data: data, fileName: path)
                for note in report.notes { writeError("\(note.file):\(note.line): \(note.message)") }
                for finding in report.findings {
                    write(json ? jsonLine(finding) : humanLine(finding))
                }
                found += report.findings.count
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
        return "\(f.file):\(f.line):\(f.start)-\(f.end) \(f.kind.rawValue) \(String(format: "%.2f", f.score)) \(f.masked)\(column)"
    }

    /// One JSON object with stable keys in a stable order.
    public static func jsonLine(_ f: PIIFinding) -> String {
        let column = f.column.map(jsonString) ?? "null"
        return "{\"file\":\(jsonString(f.file)),\"line\":\(f.line),\"column\":\(column),\"start\":\(f.start),\"end\":\(f.end),"
            + "\"kind\":\"\(f.kind.rawValue)\",\"score\":\(String(format: "%.2f", f.score)),\"masked\":\(jsonString(f.masked))}"
    }

    static func jsonString(_ s: String) -> String {
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
