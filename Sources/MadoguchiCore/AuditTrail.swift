import FluentKit
import Foundation

/// Who did something: a staff member, a resident (never named), or the system itself.
public enum Actor: Hashable, Sendable {
    case staff(UUID)
    case resident
    case system

    /// The stored form: `staff:<uuid>`, `resident`, `system`.
    public var reference: String {
        switch self {
        case .staff(let id): return "staff:\(id.uuidString.lowercased())"
        case .resident: return "resident"
        case .system: return "system"
        }
    }

    /// The actor a stored `reference` names; nil for text that is not one.
    public init?(reference: String) {
        switch reference {
        case "resident": self = .resident
        case "system": self = .system
        default:
            guard reference.hasPrefix("staff:"), let id = UUID(uuidString: String(reference.dropFirst("staff:".count))) else { return nil }
            self = .staff(id)
        }
    }
}

/// One thing that happened, to be appended to the audit log. It refers to records by type and id
/// and must never carry personal values (names, My Numbers, addresses).
public struct AuditEvent: Sendable, Equatable {
    public var municipalityID: UUID?
    public var actor: Actor
    /// `staff.login`, `catalog.dataset.publish`, `counter.session.view`…
    public var action: String
    public var targetType: String?
    public var targetID: String?
    /// Non-personal context such as counts or a status change, as key/value pairs.
    public var details: [String: String]
    public var origin: RequestOrigin

    public init(municipalityID: UUID?, actor: Actor, action: String, targetType: String? = nil, targetID: String? = nil,
                details: [String: String] = [:], origin: RequestOrigin = .none) {
        self.municipalityID = municipalityID
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.details = details
        self.origin = origin
    }
}

/// Where a request came from, for the audit log.
public struct RequestOrigin: Sendable, Equatable {
    public var ipAddress: String?
    public var requestID: String?
    public init(ipAddress: String?, requestID: String?) { self.ipAddress = ipAddress; self.requestID = requestID }
    public static let none = RequestOrigin(ipAddress: nil, requestID: nil)
}

/// Appends audit entries. Call it inside the transaction of the action it records, so the action
/// and its entry are written together or not at all.
public protocol AuditTrail: Sendable {
    func record(_ event: AuditEvent, on database: any Database) async throws
    /// Appends `events` in their order, in the caller's transaction: what several actions committed
    /// together (a group commit of submissions) record.
    func recordAll(_ events: [AuditEvent], on database: any Database) async throws
}

extension AuditTrail {
    public func recordAll(_ events: [AuditEvent], on database: any Database) async throws {
        for event in events { try await record(event, on: database) }
    }
}
