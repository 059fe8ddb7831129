import ArgumentParser
import Foundation
import Privacy

/// `madoguchi privacy scan [--json] FILE…`
struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "privacy", abstract: "Personal-information tools.",
                                                    subcommands: [Scan.self])

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find personal information (My Number, phone, e-mail, address, names, birth dates…) in text or CSV files.",
            discussion: "Values are printed masked. Exit status: 0 nothing found, 1 something found, 2 a file could not be read.")

        @Flag(help: "One JSON object per finding per line.")
        var json = false

        @Argument(help: "Text or CSV files (UTF-8, UTF-16 or Shift_JIS).")
        var files: [String]

        func run() throws {
            let status = PrivacyScan.run(paths: files, json: json, write: { print($0) },
                                         writeError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
            if status != 0 { throw ExitCode(status) }
        }
    }
}
