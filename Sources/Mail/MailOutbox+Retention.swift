import FluentKit
import Foundation

extension MailOutbox {
    /// Deletes outbox messages created before `cutoff`, delivered or not; returns counts per
    /// municipality. The retention clock and the personal-information file the messages belong to
    /// are the sending module's (today only Forms sends mail: `FormMailRetention` calls this under
    /// its mail file), so the Mail module declares no file and no retention target of its own.
    public static func purge(createdBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for message in try await OutboxMessage.query(on: database).filter(\.$createdAt < cutoff).field(\.$id).field(\.$municipalityID).all() {
            counts[message.municipalityID, default: 0] += 1
        }
        try await OutboxMessage.query(on: database).filter(\.$createdAt < cutoff).delete()
        return counts
    }
}
