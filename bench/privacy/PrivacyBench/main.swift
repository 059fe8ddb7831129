import Foundation
import Privacy

// privacy-bench OUT.jsonl FILE…: scans the files with Madoguchi's DocumentScanner the way
// `madoguchi privacy scan --json` does (streamed from the file, findings written as they are
// found), writes every finding as a JSON line to OUT.jsonl, and prints bytes, seconds and MB/s.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: privacy-bench OUT.jsonl FILE…\n".utf8))
    exit(2)
}
guard let out = fopen(arguments[0], "w") else {
    FileHandle.standardError.write(Data("\(arguments[0]): cannot be written\n".utf8))
    exit(2)
}
let scanner = DocumentScanner()
var bytes = 0
var findings = 0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for path in arguments.dropFirst() {
        bytes += ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        do {
            try scanner.scan(fileAt: path, fileName: (path as NSString).lastPathComponent, note: { _ in }, finding: {
                fputs(PrivacyScan.jsonLine($0) + "\n", out)
                findings += 1
            })
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
        }
    }
}
fclose(out)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "madoguchi bytes=%d seconds=%.3f mb_per_s=%.2f findings=%d", bytes, seconds, Double(bytes) / 1_048_576 / seconds, findings))
