import FluentKit
import Foundation
import MadoguchiCore

/// The online-application figures for one fiscal year (April–March, Japan time), as the plan's
/// sheets count them: applications submitted in the year, decisions on those applications.
extension FormsFigureSource {
    /// Applications submitted in `year`: procedure id → (`2026-04` → count).
    public func applicationsByMonth(municipalityID: UUID, in year: FiscalYear, on db: any Database) async throws -> [String: [String: Int]] {
        let procedures = Dictionary(catalog.forms.map { ($0.id, $0.procedureID) }, uniquingKeysWith: { first, _ in first })
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        var figures: [String: [String: Int]] = [:]
        for application in try await FormApplication.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$submittedAt >= year.start()).filter(\.$submittedAt < year.end())
            .field(\.$id).field(\.$formID).field(\.$submittedAt).all() {
            guard let submitted = application.submittedAt else { continue }
            let c = calendar.dateComponents([.year, .month], from: submitted)
            figures[procedures[application.formID] ?? application.formID, default: [:]][String(format: "%04d-%02d", c.year!, c.month!), default: 0] += 1
        }
        return figures
    }

    /// The median days from submission to the first 完了 or 却下, over the applications submitted
    /// in `year` that are decided; nil when none is.
    public func medianProcessingDays(municipalityID: UUID, in year: FiscalYear, on db: any Database) async throws -> Double? {
        let applications = try await FormApplication.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$submittedAt >= year.start()).filter(\.$submittedAt < year.end())
            .filter(\.$status ~~ [ApplicationStatus.completed.rawValue, ApplicationStatus.rejected.rawValue])
            .field(\.$id).field(\.$submittedAt).all()
        guard !applications.isEmpty else { return nil }
        let decisions = try await ApplicationEvent.query(on: db).filter(\.$applicationID ~~ applications.compactMap(\.id))
            .filter(\.$status ~~ [ApplicationStatus.completed.rawValue, ApplicationStatus.rejected.rawValue]).all()
        let decidedAt = decisions.reduce(into: [UUID: Date]()) { first, event in
            guard let at = event.createdAt else { return }
            first[event.applicationID] = min(first[event.applicationID] ?? at, at)
        }
        let days = applications.compactMap { a -> Double? in
            guard let id = a.id, let submitted = a.submittedAt, let decided = decidedAt[id] else { return nil }
            return decided.timeIntervalSince(submitted) / 86_400
        }.sorted()
        guard !days.isEmpty else { return nil }
        return days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2
    }
}
