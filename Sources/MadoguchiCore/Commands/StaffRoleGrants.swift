import FluentKit
import Foundation

/// Separation of duties for staff roles: creating an account and changing its roles, department or
/// state, with the rule that privileged roles (`Role.isPrivileged`: system administrator, privacy
/// officer, auditor, applications supervisor) are granted, removed or deactivated only by a system
/// administrator.
///
/// Design: the system administrator is the deployment's operator, outside every municipality's staff.
/// Requiring that account (rather than a second approval by a colleague) needs no pending state, and
/// it means a municipality administrator alone can never make an auditor of their own actions or give
/// anyone the right to reveal My Numbers. Every grant of a privileged role is, besides the account's
/// own entry, an audit entry of its own (`privilegedGrantAction`) in the same transaction, so the
/// audit screen can list exactly those.
public struct StaffRoleGrants: Sendable {
    /// The audit action that flags a privileged grant; one entry per role granted.
    public static let privilegedGrantAction = "staff.role.grant_privileged"

    let accounts: StaffAccounts
    let audit: any AuditTrail

    public init(accounts: StaffAccounts, audit: any AuditTrail) {
        self.accounts = accounts
        self.audit = audit
    }

    /// Why the grantor may not turn `current` into `requested`; nil when they may. `grantor` is nil
    /// for the system itself (demo data, command line).
    public static func refusal(changing current: Set<Role>, to requested: Set<Role>, grantor: Set<Role>?) -> CoreError? {
        let changed = current.symmetricDifference(requested).filter(\.isPrivileged)
        guard !changed.isEmpty, let grantor, !grantor.contains(.systemAdministrator) else { return nil }
        let names = changed.sorted()
        return CoreError(.forbidden,
                         ja: "「役割」：\(names.map(\.label.ja).joined(separator: "・"))はシステム管理者だけが付与・変更できます。",
                         en: "Roles: only a system administrator grants or removes \(names.map(\.label.en).joined(separator: ", ")).",
                         field: "roles")
    }

    /// Creates an account after checking the grant; the account and its privileged grants are
    /// written in one transaction.
    @discardableResult
    public func create(municipalityID: UUID, departmentID: UUID?, loginName: String, displayName: String, password: String,
                       roles: Set<Role>, by actor: Actor, origin: RequestOrigin, on db: any Database) async throws -> Staff {
        if let refusal = Self.refusal(changing: [], to: roles, grantor: try await grantorRoles(actor, on: db)) { throw refusal }
        return try await db.transaction { tx in
            let staff = try await accounts.create(municipalityID: municipalityID, departmentID: departmentID, loginName: loginName,
                                                  displayName: displayName, password: password, roles: roles, by: actor,
                                                  origin: origin, on: tx)
            try await recordPrivilegedGrants(roles, to: staff, by: actor, origin: origin, on: tx)
            return staff
        }
    }

    /// Changes an account's roles, department and whether it may sign in. Deactivating an account
    /// that holds a privileged role is, like removing the role, a system administrator's decision.
    public func update(_ staff: Staff, roles: Set<Role>, departmentID: UUID?, active: Bool, by actor: Actor,
                       origin: RequestOrigin, on db: any Database) async throws {
        guard !roles.isEmpty else {
            throw CoreError(.invalidInput, ja: "「役割」を一つ以上選んでください", en: "Roles: choose at least one", field: "roles")
        }
        let grantor = try await grantorRoles(actor, on: db)
        if let refusal = Self.refusal(changing: staff.roles, to: roles, grantor: grantor) { throw refusal }
        if staff.active, !active, staff.roles.contains(where: \.isPrivileged), let grantor, !grantor.contains(.systemAdministrator) {
            throw CoreError(.forbidden, ja: "「利用状態」：この職員の役割はシステム管理者だけが停止できます。",
                            en: "Active: only a system administrator deactivates this account.", field: "active")
        }
        let granted = roles.subtracting(staff.roles)
        let before = staff.rolesText
        try await db.transaction { tx in
            staff.roles = roles
            staff.$department.id = departmentID
            staff.active = active
            try await staff.save(on: tx)
            try await audit.record(AuditEvent(municipalityID: staff.$municipality.id, actor: actor, action: "staff.update",
                                              targetType: "staff", targetID: staff.requireID().uuidString,
                                              details: ["roles_before": before, "roles": staff.rolesText, "active": String(active)],
                                              origin: origin), on: tx)
            try await recordPrivilegedGrants(granted, to: staff, by: actor, origin: origin, on: tx)
        }
    }

    private func recordPrivilegedGrants(_ roles: Set<Role>, to staff: Staff, by actor: Actor, origin: RequestOrigin,
                                        on db: any Database) async throws {
        for role in roles.filter(\.isPrivileged).sorted() {
            try await audit.record(AuditEvent(municipalityID: staff.$municipality.id, actor: actor, action: Self.privilegedGrantAction,
                                              targetType: "staff", targetID: staff.requireID().uuidString,
                                              details: ["role": role.rawValue], origin: origin), on: db)
        }
    }

    /// The acting staff member's roles, or nil for the system.
    private func grantorRoles(_ actor: Actor, on db: any Database) async throws -> Set<Role>? {
        switch actor {
        case .system: return nil
        case .resident: return []
        case .staff: break
        }
        guard case .staff(let id) = actor, let grantor = try await Staff.find(id, on: db), grantor.active else { return [] }
        return grantor.roles
    }
}
