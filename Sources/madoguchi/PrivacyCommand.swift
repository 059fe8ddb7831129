import ArgumentParser
import Foundation
import Privacy
import WebApp

/// `madoguchi privacy scan [--json] FILE…`, `new-key ID`, `rotate-keys`, `purge`.
struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "privacy", abstract: "Personal-information tools.",
                                                    subcommands: [Scan.self, NewKey.self, RotateKeys.self, Purge.self])

    struct NewKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-key",
            abstract: "Print a new random field-encryption key entry (ID:BASE64) for MADOGUCHI_FIELD_KEYS or the key file.",
            discussion: "Add it to the ring marked current with '*' (keep the old key), restart, then run `madoguchi privacy rotate-keys`.")

        @Argument(help: "The key id: letters, digits, '_' or '-' (e.g. k2).")
        var id: String

        func run() throws {
            guard !id.isEmpty, id.count <= 32, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ValidationError("the key id must be 1–32 letters, digits, '_' or '-'")
            }
            print(FieldKeyRing.generateEntry(id: id))
        }
    }

    struct RotateKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-keys", abstract: "Re-encrypt every personal field under the current key (in batches; safe to re-run).",
            discussion: """
                Walks every encrypted column the modules declare in their manifests and prints one line per table. \
                Remove the old key from the ring only when a second run reports 0 re-encrypted for every table.
                """)

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolve(loadDemo: false)
            try await ServerRuntime.withApplication(configuration) { app in
                for line in try await Maintenance.rotateFieldKeys(app) { print(line) }
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete personal records past their retention period now (audited with counts).")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolve(loadDemo: false)
            try await ServerRuntime.withApplication(configuration) { app in
                guard let lines = try await Maintenance.purgeExpired(app) else {
                    print("another instance is purging now; nothing done")
                    return
                }
                for line in lines { print(line) }
            }
        }
    }

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
