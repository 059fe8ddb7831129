import FluentKit
import Foundation

/// Sign-in, lock-out, password change and account creation for staff.
///
/// Lock-out state lives in the database, so several app instances enforce one limit.
public struct StaffAccounts: Sendable {
    /// Failed attempts after which an account locks.
    public static let maximumFailedAttempts = 5
    /// How long a locked account stays locked.
    public static let lockDuration: TimeInterval = 15 * 60

    let hasher: any StaffPasswordHasher
    let audit: any AuditTrail
    let now: @Sendable () -> Date

    public init(hasher: any StaffPasswordHasher, audit: any AuditTrail, now: @escaping @Sendable () -> Date = Date.init) {
        self.hasher = hasher
        self.audit = audit
        self.now = now
    }

    /// Why a sign-in failed. Unknown login names and wrong passwords give the same answer so the
    /// form does not reveal which accounts exist.
    public enum SignInFailure: Error, Equatable {
        case invalidCredentials
        case locked(until: Date)
    }

    /// Checks a login name and password within a municipality; records success and failure.
    public func signIn(municipalityID: UUID, loginName: String, password: String,
                       origin: RequestOrigin, on db: any Database) async throws -> Result<Staff, SignInFailure> {
        let staff = try await Staff.query(on: db)
            .filter(\.$municipality.$id == municipalityID)
            .filter(\.$loginName == loginName.trimmingCharacters(in: .whitespaces))
            .first()
        guard let staff, staff.active, let staffID = staff.id else {
            // Spend the same time as a real check, so timing does not reveal unknown accounts.
            _ = try? hasher.verify(password, against: StaffAccounts.dummyHash)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .system, action: "staff.login.failed",
                                              details: ["reason": "unknown_account"], origin: origin), on: db)
            return .failure(.invalidCredentials)
        }
        if let until = staff.lockedUntil, until > now() {
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login.refused",
                                              targetType: "staff", targetID: staffID.uuidString, details: ["reason": "locked"],
                                              origin: origin), on: db)
            return .failure(.locked(until: until))
        }
        let matches = (try? hasher.verify(password, against: staff.passwordHash)) ?? false
        return try await db.transaction { tx in
            if matches {
                staff.failedLoginCount = 0
                staff.lockedUntil = nil
                try await staff.save(on: tx)
                try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login",
                                                  targetType: "staff", targetID: staffID.uuidString, origin: origin), on: tx)
                return .success(staff)
            }
            staff.failedLoginCount += 1
            var details = ["attempt": String(staff.failedLoginCount)]
            if staff.failedLoginCount >= StaffAccounts.maximumFailedAttempts {
                staff.lockedUntil = now().addingTimeInterval(StaffAccounts.lockDuration)
                staff.failedLoginCount = 0
                details["locked"] = "true"
            }
            try await staff.save(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login.failed",
                                              targetType: "staff", targetID: staffID.uuidString, details: details,
                                              origin: origin), on: tx)
            if let until = staff.lockedUntil { return .failure(.locked(until: until)) }
            return .failure(.invalidCredentials)
        }
    }

    /// Changes a password after checking the current one.
    public func changePassword(staff: Staff, current: String, new: String, origin: RequestOrigin,
                               on db: any Database) async throws {
        guard (try? hasher.verify(current, against: staff.passwordHash)) == true else {
            throw CoreError(.invalidInput, ja: "現在のパスワードが違います", en: "The current password is wrong",
                            field: "current_password")
        }
        if let problem = PasswordPolicy.problem(with: new) { throw problem }
        if new == current {
            throw CoreError(.invalidInput, ja: "新しいパスワードは現在のものと違うものにしてください",
                            en: "The new password must differ from the current one", field: "new_password")
        }
        let hash = try hasher.hash(new)
        try await db.transaction { tx in
            staff.passwordHash = hash
            staff.passwordChangedAt = now()
            try await staff.save(on: tx)
            try await audit.record(AuditEvent(municipalityID: staff.$municipality.id, actor: .staff(staff.id!),
                                              action: "staff.password.change", targetType: "staff",
                                              targetID: staff.id!.uuidString, origin: origin), on: tx)
        }
    }

    /// Creates a staff account; the login name must be new within the municipality.
    @discardableResult
    public func create(municipalityID: UUID, departmentID: UUID?, loginName: String, displayName: String,
                       password: String, roles: Set<Role>, by actor: Actor, origin: RequestOrigin,
                       on db: any Database) async throws -> Staff {
        let login = loginName.trimmingCharacters(in: .whitespaces)
        guard !login.isEmpty, login.count <= 64,
              login.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }) else {
            throw CoreError(.invalidInput, ja: "ログイン名は半角英数字と . _ - で64文字以内にしてください",
                            en: "Login names use letters, digits, '.', '_' and '-' (64 at most)", field: "login_name")
        }
        guard !roles.isEmpty else {
            throw CoreError(.invalidInput, ja: "役割を一つ以上選んでください", en: "Choose at least one role", field: "roles")
        }
        if let problem = PasswordPolicy.problem(with: password) {
            throw CoreError(problem.kind, ja: problem.message.ja, en: problem.message.en, field: "password")
        }
        let taken = try await Staff.query(on: db).filter(\.$municipality.$id == municipalityID)
            .filter(\.$loginName == login).count() > 0
        if taken {
            throw CoreError(.conflict, ja: "そのログイン名は使われています", en: "That login name is taken", field: "login_name")
        }
        let staff = Staff(municipalityID: municipalityID, departmentID: departmentID, loginName: login,
                          displayName: displayName, passwordHash: try hasher.hash(password), roles: roles)
        try await db.transaction { tx in
            try await staff.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "staff.create",
                                              targetType: "staff", targetID: staff.id!.uuidString,
                                              details: ["roles": staff.rolesText], origin: origin), on: tx)
        }
        return staff
    }

    /// A bcrypt hash of a random string, verified against when the login name is unknown.
    static let dummyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5v7K7m7GqO0Zk1yM3a3H7D3yQ3xq7bS"
}
