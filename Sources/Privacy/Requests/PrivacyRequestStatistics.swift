import FluentKit
import Foundation
import MadoguchiCore

/// Yearly figures for the indicator 開示請求数等: requests received in a fiscal year by kind, and
/// decisions by outcome.
public struct PrivacyRequestStatistics: Sendable, Equatable {
    public let fiscalYear: FiscalYear
    public var received: [PrivacyRequestKind: Int] = [:]
    public var decisions: [PrivacyRequestDecision: Int] = [:]
    /// Decided after the deadline (a figure auditors ask for).
    public var late = 0

    /// The indicator value: every request received in the year.
    public var total: Int { received.values.reduce(0, +) }

    public init(fiscalYear: FiscalYear) { self.fiscalYear = fiscalYear }

    /// Counts from rows already loaded (pure, for tests and for callers that have them).
    public static func count(_ requests: [PrivacyRequest], in year: FiscalYear, deadlines: RequestDeadline = RequestDeadline()) -> Self {
        var stats = Self(fiscalYear: year)
        for request in requests {
            guard let received = CivilDate(iso: request.receivedOn), year.contains(received),
                  let kind = request.requestKind else { continue }
            stats.received[kind, default: 0] += 1
            if let decision = request.decision.flatMap(PrivacyRequestDecision.init(rawValue:)) {
                stats.decisions[decision, default: 0] += 1
                let due = deadlines.decisionDue(receivedOn: received, correctionDays: request.correctionDays,
                                                extended: request.extensionNoticeOn != nil)
                if let decided = request.decidedOn.flatMap(CivilDate.init(iso:)), decided > due { stats.late += 1 }
            }
        }
        return stats
    }

    /// Counts for one municipality's fiscal year from the database.
    public static func load(municipalityID: UUID, fiscalYear: FiscalYear, on database: any Database) async throws -> Self {
        let rows = try await PrivacyRequest.query(on: database)
            .filter(\.$municipalityID == municipalityID)
            .filter(\.$receivedOn >= fiscalYear.firstDay.description)
            .filter(\.$receivedOn <= fiscalYear.lastDay.description)
            .all()
        return count(rows, in: fiscalYear)
    }
}
