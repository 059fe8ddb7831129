import FluentKit
import Foundation
import MadoguchiCore

/// Counts of subscribers (never addresses): the staff notices screen and the indicator.
public enum SubscriptionFigures {
    /// Active subscribers at `at` per category raw value (one subscriber counts under each of its
    /// categories): confirmed before `at` and not ended by then. Ended subscriptions are deleted
    /// `endedRetentionDays` after they end, so a past year's figure counts only those still kept.
    public static func subscribersByCategory(municipalityID: UUID, at: Date, on database: any Database) async throws -> [String: Int] {
        let rows = try await NoticeSubscription.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$confirmedAt != nil).filter(\.$confirmedAt < at)
            .group(.or) { $0.filter(\.$endedAt == nil).filter(\.$endedAt >= at) }
            .field(\.$id).field(\.$categoriesText).all()
        var counts: [String: Int] = [:]
        for row in rows {
            for category in AreaCodes.decode(row.categoriesText) { counts[category, default: 0] += 1 }
        }
        return counts
    }

    /// Subscriptions per state now.
    public static func byState(municipalityID: UUID, on database: any Database) async throws -> [NoticeSubscription.State: Int] {
        var counts: [NoticeSubscription.State: Int] = [:]
        for state in NoticeSubscription.State.allCases {
            counts[state] = try await NoticeSubscription.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$state == state).count()
        }
        return counts
    }

    /// Mails queued per notice (its first publication), by notice id.
    public static func queuedPerNotice(municipalityID: UUID, on database: any Database) async throws -> [UUID: Int] {
        let fanOuts = try await NoticeFanOut.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$kind == .notice).all()
        return Dictionary(fanOuts.map { ($0.subjectID, $0.queued) }, uniquingKeysWith: +)
    }
}
