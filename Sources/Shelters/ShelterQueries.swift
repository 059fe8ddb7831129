import FluentKit
import Foundation
import MadoguchiCore

/// Reading shelters: the public list, one shelter, its report history.
public struct ShelterQueries: Sendable {
    public init() {}

    /// The most reports one history page shows.
    public static let historyLimit = 500

    /// Every shelter of the municipality: by area, then name (the order residents scan a list in).
    public func list(municipalityID: UUID, on db: any Database) async throws -> [Shelter] {
        try await Shelter.query(on: db).filter(\.$municipalityID == municipalityID)
            .sort(\.$area).sort(\.$name).sort(\.$standardID).all()
    }

    public func find(_ id: UUID, municipalityID: UUID, on db: any Database) async throws -> Shelter {
        guard let shelter = try await Shelter.query(on: db).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first() else {
            throw SheltersError.shelterNotFound
        }
        return shelter
    }

    /// The shelter's reports, newest first.
    public func history(of id: UUID, municipalityID: UUID, on db: any Database) async throws -> [ShelterReport] {
        try await ShelterReport.query(on: db).filter(\.$shelterID == id).filter(\.$municipalityID == municipalityID)
            .sort(\.$checkedAt, .descending).limit(Self.historyLimit).all()
    }
}
