import FluentKit
import Foundation
import MadoguchiCore

/// The live figures the Indicators module reads for the plan's online-procedure targets
/// (オンライン化手続数 — the DX plan's 27 by FY2025 — applications per month, processing time),
/// without importing the forms' models.
public protocol FormsFigures: Sendable {
    /// Procedures that can be applied for online (forms offered).
    func onlineProcedureCount() -> Int
    /// Applications per procedure per month: procedure id → (`2026-04` → count), months in Japan time.
    func applicationsByMonth(municipalityID: UUID, on db: any Database) async throws -> [String: [String: Int]]
    /// The median days from submission to the first 完了 or 却下, over applications decided so far;
    /// nil when none is decided.
    func medianProcessingDays(municipalityID: UUID, on db: any Database) async throws -> Double?
}

/// The forms module's answers, computed from its tables.
public struct FormsFigureSource: FormsFigures {
    public let catalog: FormCatalog

    public init(catalog: FormCatalog) { self.catalog = catalog }

    public func onlineProcedureCount() -> Int { Set(catalog.forms.map(\.procedureID)).count }

    public func applicationsByMonth(municipalityID: UUID, on db: any Database) async throws -> [String: [String: Int]] {
        let procedures = Dictionary(catalog.forms.map { ($0.id, $0.procedureID) }, uniquingKeysWith: { first, _ in first })
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        var figures: [String: [String: Int]] = [:]
        for application in try await FormApplication.query(on: db).filter(\.$municipalityID == municipalityID)
            .field(\.$id).field(\.$formID).field(\.$submittedAt).all() {
            guard let submitted = application.submittedAt else { continue }
            let c = calendar.dateComponents([.year, .month], from: submitted)
            figures[procedures[application.formID] ?? application.formID, default: [:]][String(format: "%04d-%02d", c.year!, c.month!), default: 0] += 1
        }
        return figures
    }

    public func medianProcessingDays(municipalityID: UUID, on db: any Database) async throws -> Double? {
        let applications = try await FormApplication.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$status ~~ [ApplicationStatus.completed.rawValue, ApplicationStatus.rejected.rawValue])
            .field(\.$id).field(\.$submittedAt).all()
        guard !applications.isEmpty else { return nil }
        let ids = applications.compactMap(\.id)
        let decisions = try await ApplicationEvent.query(on: db).filter(\.$applicationID ~~ ids)
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
