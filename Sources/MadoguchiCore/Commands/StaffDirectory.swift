import FluentKit
import Foundation

/// Reading staff accounts for the staff screens: a municipality's members, one member, names by id.
public struct StaffDirectory: Sendable {
    public init() {}

    /// Every account of the municipality, by login name.
    public func members(of municipalityID: UUID, on db: any Database) async throws -> [Staff] {
        try await Staff.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$loginName).all()
    }

    /// How many accounts the municipality has.
    public func count(of municipalityID: UUID, on db: any Database) async throws -> Int {
        try await Staff.query(on: db).filter(\.$municipality.$id == municipalityID).count()
    }

    /// The account with this id in this municipality; nil for any other (another municipality's
    /// account is as unknown as a missing one).
    public func member(_ id: UUID, in municipalityID: UUID, on db: any Database) async throws -> Staff? {
        try await Staff.query(on: db).filter(\.$id == id).filter(\.$municipality.$id == municipalityID).first()
    }

    /// Display names of these accounts (for "assigned to" columns); unknown ids are left out.
    public func displayNames(of ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await Staff.query(on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0.displayName) },
                          uniquingKeysWith: { first, _ in first })
    }
}
