import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// Deletes saved counter sessions older than the retention period, counted from when they were opened.
public struct CounterSessionRetention: RetentionTarget {
    public var fileID: String { CounterModule.sessionsFile.id }

    public init() {}

    public func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        let expired = try await CounterSession.query(on: database).filter(\.$createdAt < cutoff).all()
        var counts: [UUID: Int] = [:]
        for session in expired { counts[session.municipalityID, default: 0] += 1 }
        let ids = expired.compactMap(\.id)
        if !ids.isEmpty { try await CounterSession.query(on: database).filter(\.$id ~~ ids).delete() }
        return counts
    }
}
