/// Something a staff member may do. Modules add their own through `ModuleManifest.permissions`;
/// the ones here are the platform's.
public struct Permission: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let viewDashboard = Permission("dashboard.view")
    public static let manageMunicipalities = Permission("municipalities.manage")
    public static let manageDepartments = Permission("departments.manage")
    public static let manageStaff = Permission("staff.manage")
    public static let viewAuditLog = Permission("audit.view")
    public static let exportAuditLog = Permission("audit.export")
    public static let changeOwnPassword = Permission("account.password")
    /// See and end one's own signed-in sessions (other browsers, a lost phone).
    public static let manageOwnSessions = Permission("account.sessions")
}
