import FluentKit
import SQLKit

/// forms.0003: who did a step (the applicant's corrections), and which staff member an application is assigned to.
struct AddApplicantStepsAndAssignment: AsyncMigration {
    var name: String { "forms.0003.applicant_steps_and_assignment" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema(ApplicationEvent.schema).field("by_applicant", .bool, .required, .custom(SQLColumnConstraintAlgorithm.default(false))).update()
        try await database.schema(FormApplication.schema).field("assigned_staff_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FormApplication.schema).deleteField("assigned_staff_id").update()
        try await database.schema(ApplicationEvent.schema).deleteField("by_applicant").update()
    }
}
