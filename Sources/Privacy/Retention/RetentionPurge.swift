import FluentKit
import Foundation
import MadoguchiCore

/// The background purge: for every declared personal-information file with a retention target,
/// deletes what has outlived `retentionDays` and appends an audit entry with the count, in the same
/// transaction. Runs under a lease so that with several instances only one purges at a time.
public struct RetentionPurge: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Another instance holds the lease.
        case skipped
        /// Records deleted per file id (zero counts included).
        case purged([String: Int])
    }

    public let declarations: [String: PersonalInformationFileDeclaration]
    public let targets: [any RetentionTarget]
    public let audit: any AuditTrail
    public let lease: DatabaseLease

    public init(manifests: [ModuleManifest], targets: [any RetentionTarget], audit: any AuditTrail, lease: DatabaseLease) throws {
        var declarations: [String: PersonalInformationFileDeclaration] = [:]
        for file in manifests.flatMap(\.personalInformationFiles) { declarations[file.id] = file }
        for target in targets where declarations[target.fileID] == nil { throw ConfigurationError.undeclared(fileID: target.fileID) }
        self.declarations = declarations
        self.targets = targets
        self.audit = audit
        self.lease = lease
    }

    /// The purge of every retention target the manifests declare.
    public init(manifests: [ModuleManifest], audit: any AuditTrail, lease: DatabaseLease) throws {
        try self.init(manifests: manifests, targets: manifests.flatMap(\.retentionTargets), audit: audit, lease: lease)
    }

    public func runOnce(on database: any Database, now: Date = Date()) async throws -> Outcome {
        guard try await lease.acquire(on: database, now: now) else { return .skipped }
        var counts: [String: Int] = [:]
        for target in targets {
            let file = declarations[target.fileID]!
            let cutoff = now.addingTimeInterval(-Double(file.retentionDays) * 86_400)
            counts[target.fileID] = try await database.transaction { db in
                let perMunicipality = try await target.purge(startedBefore: cutoff, on: db)
                for (municipalityID, count) in perMunicipality.sorted(by: { $0.key.uuidString < $1.key.uuidString }) where count > 0 {
                    try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .system, action: "privacy.retention.purge",
                                                      targetType: target.fileID,
                                                      details: ["deleted": String(count), "retention_days": String(file.retentionDays)]),
                                           on: db)
                }
                return perMunicipality.values.reduce(0, +)
            }
        }
        try await lease.release(on: database)
        return .purged(counts)
    }
}
