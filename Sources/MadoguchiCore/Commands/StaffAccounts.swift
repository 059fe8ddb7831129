import FluentKit
import Foundation
import SQLKit

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

    /// Why a sign-in failed: always the same answer, whether the name is unknown, the password
    /// wrong, the account locked or deactivated, so the form reveals nothing about accounts (the
    /// audit entry records the real reason).
    public enum SignInFailure: Error, Equatable {
        case invalidCredentials
    }

    /// Checks a login name and password within a municipality; records success and failure.
    ///
    /// Every path runs one bcrypt verification (unknown names against the hasher's dummy hash), so
    /// the answer takes the same time. Failures are counted by one atomic `UPDATE … RETURNING` per
    /// attempt, so concurrent attempts on any instance all count; the fifth locks the account for
    /// `lockDuration`. Attempts while locked are refused without extending the lock (it always ends
    /// on time), and a right password is accepted only by a conditional update that sees no lock.
    public func signIn(municipalityID: UUID, loginName: String, password: String,
                       origin: RequestOrigin, on db: any Database) async throws -> Result<Staff, SignInFailure> {
        let staff = try await Staff.query(on: db)
            .filter(\.$municipality.$id == municipalityID)
            .filter(\.$loginName == loginName.trimmingCharacters(in: .whitespaces))
            .first()
        guard let staff, let staffID = staff.id else {
            _ = try? hasher.verify(password, against: hasher.dummyHash)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .system, action: "staff.login.failed",
                                              details: ["reason": "unknown_account"], origin: origin), on: db)
            return .failure(.invalidCredentials)
        }
        let matches = (try? hasher.verify(password, against: staff.passwordHash)) ?? false
        let refused: @Sendable (String, any Database) async throws -> Result<Staff, SignInFailure> = { [audit] reason, tx in
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login.refused",
                                              targetType: "staff", targetID: staffID.uuidString, details: ["reason": reason],
                                              origin: origin), on: tx)
            return .failure(.invalidCredentials)
        }
        guard staff.active else { return try await refused("inactive", db) }
        let now = now()
        return try await db.transaction { tx in
            let sql = try tx.sql(for: "sign-in")
            if matches {
                let accepted = try await sql.raw("""
                    UPDATE staff SET failed_login_count = 0, locked_until = NULL \
                    WHERE id = \(bind: staffID) AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING id
                    """).all()
                guard !accepted.isEmpty else { return try await refused("locked", tx) }
                if hasher.needsRehash(staff.passwordHash), let upgraded = try? hasher.hash(password) {
                    try await sql.raw("UPDATE staff SET password_hash = \(bind: upgraded) WHERE id = \(bind: staffID)").run()
                    staff.passwordHash = upgraded
                }
                try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login",
                                                  targetType: "staff", targetID: staffID.uuidString, origin: origin), on: tx)
                return .success(staff)
            }
            let limit = StaffAccounts.maximumFailedAttempts
            let lockedUntil = now.addingTimeInterval(StaffAccounts.lockDuration)
            let counted = try await sql.raw("""
                UPDATE staff SET \
                failed_login_count = CASE WHEN failed_login_count + 1 >= \(bind: limit) THEN 0 ELSE failed_login_count + 1 END, \
                locked_until = CASE WHEN failed_login_count + 1 >= \(bind: limit) THEN \(bind: lockedUntil) ELSE locked_until END \
                WHERE id = \(bind: staffID) AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING failed_login_count
                """).all()
            guard let row = counted.first else { return try await refused("locked", tx) }
            let count = try row.decode(column: "failed_login_count", as: Int.self)
            var details = ["attempt": String(count == 0 ? limit : count)]
            if count == 0 { details["locked"] = "true" }
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: .staff(staffID), action: "staff.login.failed",
                                              targetType: "staff", targetID: staffID.uuidString, details: details,
                                              origin: origin), on: tx)
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
            try await StaffSessions.revokeAll(staffID: staff.requireID(), on: tx)
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

}
