import FluentKit

/// core.0001: municipalities, departments, staff.
public struct CreateCoreTables: AsyncMigration {
    public init() {}
    public var name: String { "core.0001.create_tenancy_and_staff" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("prefecture", .string, .required)
            .field("population", .int, .required)
            .field("fiscal_year_start_month", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(Department.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("parent_id", .uuid, .references(Department.schema, .id))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .unique(on: "municipality_id", "code")
            .create()
        try await database.schema(Staff.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("department_id", .uuid, .references(Department.schema, .id))
            .field("login_name", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("roles", .string, .required)
            .field("failed_login_count", .int, .required)
            .field("locked_until", .datetime)
            .field("active", .bool, .required)
            .field("password_changed_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "municipality_id", "login_name")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(Staff.schema).delete()
        try await database.schema(Department.schema).delete()
        try await database.schema(Municipality.schema).delete()
    }
}
