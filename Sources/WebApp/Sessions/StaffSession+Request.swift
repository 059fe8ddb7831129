import MadoguchiCore
import Vapor

/// The signed-in staff session a request carries, and the cookie changes it makes.
extension Request {
    /// A session found for this request's cookie: the cookie value (needed to bind the CSRF token)
    /// and the staff member it belongs to.
    struct CurrentStaffSession: Sendable {
        let token: String
        let staffID: UUID
    }

    enum SessionCookieChange: Sendable {
        case set(String)
        case clear
    }

    private struct CurrentStaffSessionKey: StorageKey { typealias Value = CurrentStaffSession }
    private struct SessionCookieChangeKey: StorageKey { typealias Value = SessionCookieChange }

    /// Set by `StaffSessionMiddleware` when the cookie names a live session.
    var staffSession: CurrentStaffSession? {
        get { storage[CurrentStaffSessionKey.self] }
        set { storage[CurrentStaffSessionKey.self] = newValue }
    }

    var sessionCookieChange: SessionCookieChange? {
        get { storage[SessionCookieChangeKey.self] }
        set { storage[SessionCookieChangeKey.self] = newValue }
    }

    /// Server-side session lifetimes from the configuration.
    var staffSessions: StaffSessions {
        let configuration = application.madoguchi.configuration
        return StaffSessions(idleTimeout: configuration.sessionIdleTimeout, absoluteTimeout: configuration.sessionAbsoluteTimeout)
    }

    /// Signs `staffID` in with a brand-new session id (any session the request came with is
    /// deleted first, so an id planted before sign-in is worthless).
    func startStaffSession(staffID: UUID) async throws {
        if let old = staffSession { try await staffSessions.end(tokenHash: SessionToken.hash(old.token), on: db) }
        let token = SessionToken.random()
        try await staffSessions.start(staffID: staffID, tokenHash: SessionToken.hash(token), on: db)
        staffSession = CurrentStaffSession(token: token, staffID: staffID)
        sessionCookieChange = .set(token)
    }

    /// Signs out: the session row is deleted and the cookie cleared.
    func endStaffSession() async throws {
        if let current = staffSession { try await staffSessions.end(tokenHash: SessionToken.hash(current.token), on: db) }
        staffSession = nil
        sessionCookieChange = .clear
    }
}
