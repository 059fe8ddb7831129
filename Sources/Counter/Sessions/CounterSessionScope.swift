import FluentKit
import Foundation
import MadoguchiCore

/// Need-to-know for saved assisted-counter sessions: a session is visible to the staff member who
/// opened it and to staff of that member's department — the handling department is the section
/// whose counter took the resident, read from the opener's current department — and to nobody
/// else in the municipality. Staff without a department see only their own sessions. Every read,
/// change and deletion in `CounterSessions` goes through this scope; other ids are "not found".
public struct CounterSessionScope: Sendable {
    public let municipalityID: UUID
    public let staffID: UUID
    /// The staff whose sessions are visible: the member and their department's colleagues.
    public let openers: Set<UUID>

    public init(municipalityID: UUID, staffID: UUID, openers: Set<UUID>) {
        self.municipalityID = municipalityID
        self.staffID = staffID
        self.openers = openers.union([staffID])
    }

    /// The scope of a signed-in staff member working in `municipalityID`.
    public static func of(_ staff: Staff, in municipalityID: UUID, on database: any Database) async throws -> CounterSessionScope {
        let id = try staff.requireID()
        guard let department = staff.$department.id else { return CounterSessionScope(municipalityID: municipalityID, staffID: id, openers: [id]) }
        let colleagues = try await Staff.query(on: database).filter(\.$department.$id == department).field(\.$id).all().compactMap(\.id)
        return CounterSessionScope(municipalityID: municipalityID, staffID: id, openers: Set(colleagues))
    }
}
