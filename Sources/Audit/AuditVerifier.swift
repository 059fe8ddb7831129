import FluentKit
import Foundation

/// Re-reads the whole chain and reports the first entry that was changed, removed or moved.
public struct AuditVerifier: Sendable {
    public init() {}

    /// What verification found.
    public enum Outcome: Equatable, Sendable {
        case intact(entries: Int)
        case broken(sequence: Int, reason: String)
    }

    /// Entries read per query, so a long log never sits in memory at once.
    public static let pageSize = 1000

    public func verify(on db: any Database) async throws -> Outcome {
        var expectedSequence = 1
        var previousHash = AuditHash.genesis
        while true {
            let page = try await AuditEntry.query(on: db)
                .filter(\.$sequence >= expectedSequence)
                .sort(\.$sequence)
                .limit(AuditVerifier.pageSize)
                .all()
            for entry in page {
                if entry.sequence != expectedSequence {
                    return .broken(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing")
                }
                if entry.previousHash != previousHash {
                    return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) does not follow entry \(entry.sequence - 1) (removed or reordered)")
                }
                if AuditHash.compute(for: entry) != entry.hash {
                    return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) was changed after it was written")
                }
                previousHash = entry.hash
                expectedSequence += 1
            }
            if page.count < AuditVerifier.pageSize { break }
        }
        let count = expectedSequence - 1
        guard let head = try await AuditChainHead.find(1, on: db) else {
            return .broken(sequence: 0, reason: "the chain head is missing")
        }
        if head.lastSequence != count || head.lastHash != previousHash {
            return .broken(sequence: count + 1, reason: "entries after \(count) were removed (the head records \(head.lastSequence))")
        }
        return .intact(entries: count)
    }
}
