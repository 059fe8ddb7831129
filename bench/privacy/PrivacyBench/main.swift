import Foundation
import Privacy

// privacy-bench OUT.jsonl FILE…: scans the files with Madoguchi's DocumentScanner, writes every
// finding as a JSON line to OUT.jsonl, and prints bytes, seconds and MB/s on standard output.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: privacy-bench OUT.jsonl FILE…\n".utf8))
    exit(2)
}
let scanner = DocumentScanner()
var out = ""
var bytes = 0
var findings = 0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for path in arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        bytes += data.count
        do {
            let report = try scanner.scan(data: data, fileName: (path as NSString).lastPathComponent)
            findings += report.findings.count
            for f in report.findings { out += PrivacyScan.jsonLine(f) + "\n" }
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
        }
    }
}
try Data(out.utf8).write(to: URL(fileURLWithPath: arguments[0]))
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "madoguchi bytes=%d seconds=%.3f mb_per_s=%.2f findings=%d", bytes, seconds, Double(bytes) / 1_048_576 / seconds, findings))
