import FluentKit
import Foundation

/// A staff account (職員). Signs in with a login name and password within one municipality.
public final class Staff: Model, @unchecked Sendable {
    public static let schema = "staff"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "municipality_id") public var municipality: Municipality
    @OptionalParent(key: "department_id") public var department: Department?
    @Field(key: "login_name") public var loginName: String
    @Field(key: "display_name") public var displayName: String
    /// bcrypt hash; the password itself is never stored or logged.
    @Field(key: "password_hash") public var passwordHash: String
    /// Comma-separated `Role` raw values; read through `roles`.
    @Field(key: "roles") public var rolesText: String
    @Field(key: "failed_login_count") public var failedLoginCount: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    @Field(key: "active") public var active: Bool
    @OptionalField(key: "password_changed_at") public var passwordChangedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, municipalityID: UUID, departmentID: UUID?, loginName: String, displayName: String,
                passwordHash: String, roles: Set<Role>) {
        self.id = id
        self.$municipality.id = municipalityID
        self.$department.id = departmentID
        self.loginName = loginName
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.rolesText = Staff.encode(roles)
        self.failedLoginCount = 0
        self.active = true
    }

    public var roles: Set<Role> {
        get { Set(rolesText.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }
        set { rolesText = Staff.encode(newValue) }
    }

    static func encode(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
}
