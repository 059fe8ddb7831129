import FluentKit

/// Ends every session of a staff member whose roles, active flag or password hash change,
/// whichever screen or command saves the change, in the same database (and transaction) as the
/// change. Register it once on the database (`app.databases.middleware.use(StaffSessionRevocation())`).
/// Bulk query-builder updates bypass model middleware: change staff through the model.
public struct StaffSessionRevocation: AsyncModelMiddleware {
    public typealias Model = Staff

    public init() {}

    public func update(model: Staff, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        var stored: Staff?
        if let id = model.id { stored = try await Staff.find(id, on: db) }
        try await next.update(model, on: db)
        guard let stored, let id = model.id else { return }
        if stored.rolesText != model.rolesText || stored.active != model.active || stored.passwordHash != model.passwordHash {
            try await StaffSessions.revokeAll(staffID: id, on: db)
        }
    }
}
