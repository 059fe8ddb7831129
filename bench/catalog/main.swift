// Validates one CSV with Madoguchi's validator, streaming it from disk a piece at a time as the
// server streams a stored file, and prints throughput and the findings as JSON lines, so run.py can
// compare them with `frictionless validate` on the same file (and measure peak memory).
// Usage: catalog-bench <schema-name> <file.csv> <findings.jsonl>
//        catalog-bench parse <file.csv>   (reader vs CSV.swift, see ParsePeer.swift)
import Catalog
import Foundation

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "parse" {
    try ParsePeer.run(path: arguments[2])
    exit(0)
}
guard arguments.count == 4, let schema = StandardDatasetLibrary.shared.schema(named: arguments[1]),
      let file = FileHandle(forReadingAtPath: arguments[2]) else {
    FileHandle.standardError.write(Data("usage: catalog-bench <schema> <file.csv> <findings.jsonl>\n".utf8))
    exit(2)
}
let size = Int(try file.seekToEnd())
let validator = CSVValidator(limits: ValidationLimits(maxBytes: 2_000_000_000, maxRows: 5_000_000, maxReportedIssues: 1_000_000))
let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
let clock = ContinuousClock()
var report: ValidationReport!
let elapsed = clock.measure {
    report = validator.validate(byteCount: size, against: schema) { consume in
        var offset: off_t = 0
        while true {
            let count = pread(file.fileDescriptor, piece.baseAddress, piece.count, offset)
            guard count > 0 else { return }
            offset += off_t(count)
            if !consume(UnsafeBufferPointer(start: piece.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)) { return }
        }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
var lines = ""
for issue in report.issues {
    lines += "{\"row\":\(issue.row ?? 0),\"column\":\"\(issue.column ?? "")\",\"code\":\"\(issue.code.rawValue)\"}\n"
}
try lines.write(toFile: arguments[3], atomically: true, encoding: .utf8)
print(String(format: "madoguchi: %d rows, %.1f MB in %.2f s: %.0f rows/s, %.1f MB/s; %d errors, %d warnings",
             report.rowCount, Double(size) / 1e6, seconds, Double(report.rowCount) / seconds,
             Double(size) / 1e6 / seconds, report.errorCount, report.warningCount))
