// Validates one CSV with Madoguchi's validator and prints throughput and the findings as JSON lines,
// so run.py can compare them with `frictionless validate` on the same file.
// Usage: catalog-bench <schema-name> <file.csv> <findings.jsonl>
//        catalog-bench parse <file.csv>   (reader vs CSV.swift, see ParsePeer.swift)
import Catalog
import Foundation

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "parse" {
    try ParsePeer.run(path: arguments[2])
    exit(0)
}
guard arguments.count == 4, let schema = StandardDatasetLibrary.shared.schema(named: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: catalog-bench <schema> <file.csv> <findings.jsonl>\n".utf8))
    exit(2)
}
let data = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
let validator = CSVValidator(limits: ValidationLimits(maxBytes: 2_000_000_000, maxRows: 5_000_000, maxReportedIssues: 1_000_000))
let clock = ContinuousClock()
var report: ValidationReport!
let elapsed = clock.measure { report = validator.validate(data, against: schema) }
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
var lines = ""
for issue in report.issues {
    lines += "{\"row\":\(issue.row ?? 0),\"column\":\"\(issue.column ?? "")\",\"code\":\"\(issue.code.rawValue)\"}\n"
}
try lines.write(toFile: arguments[3], atomically: true, encoding: .utf8)
print(String(format: "madoguchi: %d rows, %.1f MB in %.2f s: %.0f rows/s, %.1f MB/s; %d errors, %d warnings",
             report.rowCount, Double(data.count) / 1e6, seconds, Double(report.rowCount) / seconds,
             Double(data.count) / 1e6 / seconds, report.errorCount, report.warningCount))
