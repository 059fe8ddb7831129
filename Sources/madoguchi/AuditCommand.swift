import ArgumentParser
import Audit
import FluentKit
import Foundation

/// `madoguchi audit verify`: re-hashes the whole audit chain.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit-log tools.",
                                                    subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no audit entry was changed, removed or reordered. Exits 1 and names the first bad entry if any was.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolve(loadDemo: false)
            var outcome: AuditVerifier.Outcome = .intact(entries: 0)
            try await ServerRuntime.withDatabase(configuration) { db in
                outcome = try await AuditVerifier().verify(on: db)
            }
            switch outcome {
            case .intact(let count):
                print("audit log intact: \(count) entries verified")
            case .broken(let sequence, let reason):
                FileHandle.standardError.write(Data("audit log BROKEN at entry \(sequence): \(reason)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
