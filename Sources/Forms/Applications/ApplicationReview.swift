import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// The back office's handling of applications: reading (audited), status changes with comments
/// (受付 → 審査中 → 補正依頼 → 完了 / 却下), and the history of each application. The back office
/// finds applications only through `ApplicationScope` (need-to-know).
public struct ApplicationReview: Sendable {
    public let submissions: FormSubmissions
    public let audit: any AuditTrail

    public init(submissions: FormSubmissions, audit: any AuditTrail) {
        self.submissions = submissions
        self.audit = audit
    }

    /// Which status may follow which.
    public static let transitions: [ApplicationStatus: [ApplicationStatus]] = [
        .received: [.reviewing, .rejected],
        .reviewing: [.correctionRequested, .completed, .rejected],
        .correctionRequested: [.reviewing, .rejected],
        .completed: [], .rejected: [],
    ]

    /// The values, decrypted for a staff member; every view is an audit entry.
    public func open(_ application: FormApplication, by actor: Actor, origin: RequestOrigin, on database: any Database) async throws -> [String: String] {
        let values = try submissions.values(of: application)
        try await audit.record(AuditEvent(municipalityID: application.municipalityID, actor: actor, action: "forms.application.view",
                                          targetType: FormApplication.schema, targetID: application.receiptNumber, origin: origin), on: database)
        return values
    }

    public func changeStatus(_ application: FormApplication, to status: ApplicationStatus, comment: String, by actor: Actor,
                             origin: RequestOrigin, on database: any Database) async throws {
        let current = ApplicationStatus(rawValue: application.status) ?? .received
        guard Self.transitions[current, default: []].contains(status) else { throw FormsReviewError.invalidTransition(from: current, to: status) }
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if [.correctionRequested, .rejected].contains(status), text.isEmpty { throw FormsReviewError.commentRequired }
        guard text.count <= 2000 else { throw FormsReviewError.commentTooLong }
        try await database.transaction { db in
            application.status = status.rawValue
            try await application.save(on: db)
            let event = ApplicationEvent()
            event.applicationID = try application.requireID()
            event.status = status.rawValue
            event.comment = text
            if case .staff(let id) = actor { event.staffID = id }
            try await event.create(on: db)
            try await audit.record(AuditEvent(municipalityID: application.municipalityID, actor: actor, action: "forms.application.status",
                                              targetType: FormApplication.schema, targetID: application.receiptNumber,
                                              details: ["from": current.rawValue, "to": status.rawValue], origin: origin), on: db)
        }
    }

    /// Makes a staff member the one handling the application (担当者); audited.
    public func assign(_ application: FormApplication, to staffID: UUID, by actor: Actor, origin: RequestOrigin,
                       on database: any Database) async throws {
        try await database.transaction { db in
            application.assignedStaffID = staffID
            try await application.save(on: db)
            try await audit.record(AuditEvent(municipalityID: application.municipalityID, actor: actor, action: "forms.application.assign",
                                              targetType: FormApplication.schema, targetID: application.receiptNumber,
                                              details: ["staff": staffID.uuidString.lowercased()], origin: origin), on: db)
        }
    }

    public func history(of application: FormApplication, on database: any Database) async throws -> [ApplicationEvent] {
        try await ApplicationEvent.query(on: database).filter(\.$applicationID == application.requireID()).sort(\.$createdAt).all()
    }
}

/// One status change of an application, with the staff member's comment (shown to the applicant
/// for 補正依頼 and 却下).
public final class ApplicationEvent: Model, @unchecked Sendable {
    public static let schema = "form_application_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "application_id") public var applicationID: UUID
    @Field(key: "status") public var status: String
    @Field(key: "comment") public var comment: String
    @OptionalField(key: "staff_id") public var staffID: UUID?
    /// True for the applicant's own step (a correction sent after 補正依頼).
    @Field(key: "by_applicant") public var byApplicant: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() { byApplicant = false }
}

extension ApplicationStatus {
    public var label: LocalizedText {
        switch self {
        case .received: return LocalizedText(ja: "受付", en: "Received")
        case .reviewing: return LocalizedText(ja: "審査中", en: "Under review")
        case .correctionRequested: return LocalizedText(ja: "補正依頼", en: "Correction requested")
        case .completed: return LocalizedText(ja: "完了", en: "Completed")
        case .rejected: return LocalizedText(ja: "却下", en: "Rejected")
        }
    }
}
