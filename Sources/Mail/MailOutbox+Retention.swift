import FluentKit
import Foundation

extension MailOutbox {
    /// Deletes outbox messages created before `cutoff`, delivered or not; returns counts per
    /// municipality. The retention clock and the personal-information file the messages belong to
    /// are the sending module's (`FormMailRetention` calls this under Forms' mail file; Notices under
    /// its subscriptions), so the Mail module declares no file and no retention target of its own.
    /// With `kinds`, only messages of those kinds (each sender purges its own under its own file).
    /// The templates of templated batches (`OutboxTemplate`) of those kinds go with them.
    public static func purge(createdBefore cutoff: Date, kinds: [String]? = nil, on database: any Database) async throws -> [UUID: Int] {
        func due() -> QueryBuilder<OutboxMessage> {
            let query = OutboxMessage.query(on: database).filter(\.$createdAt < cutoff)
            return kinds.map { query.filter(\.$kind ~~ $0) } ?? query
        }
        var counts: [UUID: Int] = [:]
        for message in try await due().field(\.$id).field(\.$municipalityID).all() {
            counts[message.municipalityID, default: 0] += 1
        }
        try await due().delete()
        // The texts of templated batches, queued in the same transactions as their messages.
        let templates = OutboxTemplate.query(on: database).filter(\.$createdAt < cutoff)
        try await (kinds.map { templates.filter(\.$kind ~~ $0) } ?? templates).delete()
        return counts
    }
}
