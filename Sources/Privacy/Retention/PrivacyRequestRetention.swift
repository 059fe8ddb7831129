import FluentKit
import Foundation
import MadoguchiCore

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
