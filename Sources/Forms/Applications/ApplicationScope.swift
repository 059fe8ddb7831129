import FluentKit
import Foundation
import MadoguchiCore

/// Need-to-know for online applications: which applications a staff member may see and handle.
///
/// An application, its attachments, its history and its CSV row are visible only to staff of the
/// department that handles the form's procedure: the desk the procedure inventory gives the
/// procedure (`Procedure.counter`, e.g. `koreisha`), which is the department whose code, with `-`
/// read as `_`, is that desk's id (`koreisha`, `hoken-nenkin` → `hoken_nenkin`). Holders of
/// `FormsPermission.reviewAllDepartments` see every department's applications, and each time they
/// open or list one outside their own department an audit entry (`crossDepartmentAction`) says so.
/// Staff without a department see none. Everything the back office reads goes through
/// `ApplicationReview.find(_:in:…)` and `list(in:…)`; an application outside the scope is "not found".
public struct ApplicationScope: Sendable {
    /// The audit action for every use of the cross-department permission.
    public static let crossDepartmentAction = "forms.application.cross_department"

    public let municipalityID: UUID
    public let staffID: UUID
    /// The forms the staff member's own department handles.
    public let ownForms: Set<String>
    /// Every department's applications (`FormsPermission.reviewAllDepartments`).
    public let allDepartments: Bool

    public init(municipalityID: UUID, staffID: UUID, ownForms: Set<String>, allDepartments: Bool) {
        self.municipalityID = municipalityID
        self.staffID = staffID
        self.ownForms = ownForms
        self.allDepartments = allDepartments
    }

    /// The scope of a staff member: `deskOfForm` maps each form id to the desk (counter id) that
    /// handles its procedure, from the procedure inventory.
    public init(municipalityID: UUID, staffID: UUID, roles: Set<Role>, departmentCode: String?, deskOfForm: [String: String],
                policy: AccessPolicy) {
        let desk = departmentCode.map(Self.desk(ofDepartmentCode:))
        self.init(municipalityID: municipalityID, staffID: staffID,
                  ownForms: desk.map { desk in Set(deskOfForm.filter { $0.value == desk }.keys) } ?? [],
                  allDepartments: policy.allows(roles, FormsPermission.reviewAllDepartments))
    }

    /// The desk id a department handles: its code with `-` read as `_`.
    public static func desk(ofDepartmentCode code: String) -> String { code.replacingOccurrences(of: "-", with: "_") }

    public func permits(formID: String) -> Bool { allDepartments || ownForms.contains(formID) }

    /// True when seeing this form's applications uses the cross-department permission.
    func crosses(formID: String) -> Bool { !ownForms.contains(formID) }
}

/// The inbox's and the CSV's filters, applied inside an `ApplicationScope`.
public struct ApplicationFilters: Sendable {
    /// Only these forms (a desk's); nil for every form in scope.
    public var forms: Set<String>?
    public var formID: String?
    public var status: String?
    public var assignedTo: UUID?
    public var limit: Int

    public init(forms: Set<String>? = nil, formID: String? = nil, status: String? = nil, assignedTo: UUID? = nil, limit: Int = 1000) {
        self.forms = forms
        self.formID = formID
        self.status = status
        self.assignedTo = assignedTo
        self.limit = limit
    }
}

extension ApplicationReview {
    /// The one way the back office reaches an application: outside the municipality or the scope it
    /// does not exist (`FormsReviewError.notFound`, so a forbidden id reveals nothing). `purpose`
    /// (`view`, `status`, `assign`, `attachment`) goes into the audit entry of a cross-department use.
    public func find(_ id: UUID, in scope: ApplicationScope, purpose: String, origin: RequestOrigin,
                     on database: any Database) async throws -> FormApplication {
        guard let application = try await FormApplication.query(on: database).filter(\.$id == id)
            .filter(\.$municipalityID == scope.municipalityID).first(), scope.permits(formID: application.formID) else {
            throw FormsReviewError.notFound
        }
        if scope.crosses(formID: application.formID) {
            try await audit.record(AuditEvent(municipalityID: scope.municipalityID, actor: .staff(scope.staffID),
                                              action: ApplicationScope.crossDepartmentAction, targetType: FormApplication.schema,
                                              targetID: application.receiptNumber,
                                              details: ["purpose": purpose, "form": application.formID], origin: origin), on: database)
        }
        return application
    }

    /// The applications in scope that match the filters, newest first, nothing decrypted. Rows from
    /// other departments are counted in one cross-department audit entry (`purpose`: `list`, `export`).
    public func list(in scope: ApplicationScope, filters: ApplicationFilters, purpose: String, origin: RequestOrigin,
                     on database: any Database) async throws -> [FormApplication] {
        var forms: Set<String>? = scope.allDepartments ? nil : scope.ownForms
        if let wanted = filters.forms { forms = forms.map { $0.intersection(wanted) } ?? wanted }
        if let form = filters.formID, !form.isEmpty { forms = (forms ?? [form]).intersection([form]) }
        if let forms, forms.isEmpty { return [] }
        var query = FormApplication.query(on: database).filter(\.$municipalityID == scope.municipalityID)
        if let forms { query = query.filter(\.$formID ~~ Array(forms)) }
        if let status = filters.status, !status.isEmpty { query = query.filter(\.$status == status) }
        if let staffID = filters.assignedTo { query = query.filter(\.$assignedStaffID == staffID) }
        let applications = try await query.sort(\.$submittedAt, .descending).limit(filters.limit).all()
        let crossing = applications.filter { scope.crosses(formID: $0.formID) }.count
        if crossing > 0 {
            try await audit.record(AuditEvent(municipalityID: scope.municipalityID, actor: .staff(scope.staffID),
                                              action: ApplicationScope.crossDepartmentAction,
                                              details: ["purpose": purpose, "rows": String(crossing)], origin: origin), on: database)
        }
        return applications
    }

    /// One attachment of an application found through `find(_:in:…)`; nil when it is not that application's.
    public func attachment(_ id: UUID, of application: FormApplication, on database: any Database) async throws -> FormAttachment? {
        try await FormAttachment.query(on: database).filter(\.$id == id).filter(\.$applicationID == application.requireID()).first()
    }
}
