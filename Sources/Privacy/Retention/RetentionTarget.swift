import FluentKit
import Foundation

/// A kind of personal record that expires: each module that declares a personal-information file
/// provides one, named by the file's declaration id, and deletes its own rows (it knows which date
/// starts the retention clock: a decision, a closed case, a submission).
public protocol RetentionTarget: Sendable {
    /// The `PersonalInformationFileDeclaration.id` whose `retentionDays` applies.
    var fileID: String { get }
    /// Deletes records whose retention period started before `cutoff`; returns counts per municipality.
    /// Called inside the purge's transaction.
    func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int]
}

/// The privacy module's own expiring records: requests, counted from the decision date.
public struct PrivacyRequestRetention: RetentionTarget {
    public var fileID: String { PrivacyModule.requestsFile.id }

    public init() {}

    public func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        let cutoffDay = CivilDateBridge.day(of: cutoff).description
        let expired = try await PrivacyRequest.query(on: database)
            .filter(\.$decidedOn != nil)
            .filter(\.$decidedOn < cutoffDay)
            .all()
        var counts: [UUID: Int] = [:]
        for request in expired { counts[request.municipalityID, default: 0] += 1 }
        let ids = expired.compactMap(\.id)
        if !ids.isEmpty { try await PrivacyRequest.query(on: database).filter(\.$id ~~ ids).delete() }
        return counts
    }
}
