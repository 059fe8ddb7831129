import FluentKit
import Foundation

/// Reads of a municipality's 施策 for the screens: the list with the years evaluated, and the year
/// a sheet opens on.
public enum MeasureDirectory {
    public struct Listing: Sendable, Equatable {
        public let code, policyName, name: String
        /// Fiscal years (start years) with an evaluation, ascending.
        public let evaluatedYears: [Int]
    }

    public static func list(municipalityID: UUID, on db: any Database) async throws -> [Listing] {
        let measures = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$code).all()
        let evaluations = try await MeasureEvaluation.query(on: db).filter(\.$municipalityID == municipalityID).all()
        let years = Dictionary(grouping: evaluations, by: \.measureID).mapValues { $0.map(\.fiscalYear).sorted() }
        return measures.map { Listing(code: $0.code, policyName: $0.policyName, name: $0.name, evaluatedYears: $0.id.flatMap { years[$0] } ?? []) }
    }

    /// The municipality's 事務事業 with the years evaluated.
    public static func programmes(municipalityID: UUID, on db: any Database) async throws -> [Listing] {
        let programmes = try await Programme.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$code).all()
        let evaluations = try await ProgrammeEvaluation.query(on: db).filter(\.$municipalityID == municipalityID).all()
        let years = Dictionary(grouping: evaluations, by: \.programmeID).mapValues { $0.map(\.fiscalYear).sorted() }
        return programmes.map { Listing(code: $0.code, policyName: $0.department, name: $0.name, evaluatedYears: $0.id.flatMap { years[$0] } ?? []) }
    }

    /// The latest fiscal year the 施策 was evaluated for; nil when never. Throws when no such 施策.
    public static func latestEvaluatedYear(code: String, municipalityID: UUID, on db: any Database) async throws -> Int? {
        guard code.count <= 40, let measure = try await Measure.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$code == code).first() else { throw IndicatorsError.measureNotFound }
        return try await MeasureEvaluation.query(on: db).filter(\.$measureID == measure.requireID())
            .sort(\.$fiscalYear, .descending).first()?.fiscalYear
    }
}

extension IndicatorValueEntry {
    /// The latest changes of a municipality's values, newest first.
    public func recentChanges(municipalityID: UUID, limit: Int = 20, on db: any Database) async throws -> [IndicatorValueChange] {
        try await IndicatorValueChange.query(on: db).filter(\.$municipalityID == municipalityID)
            .sort(\.$changedAt, .descending).limit(max(1, min(limit, 200))).all()
    }
}
