import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy

/// Deletes applications (and their history) past the retention period, counted from submission.
public struct FormApplicationRetention: RetentionTarget {
    public var fileID: String { FormsModule.applicationsFile.id }
    public init() {}

    public func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        let expired = try await FormApplication.query(on: database).filter(\.$submittedAt < cutoff).all()
        var counts: [UUID: Int] = [:]
        for application in expired { counts[application.municipalityID, default: 0] += 1 }
        let ids = expired.compactMap(\.id)
        if !ids.isEmpty {
            try await ApplicationEvent.query(on: database).filter(\.$applicationID ~~ ids).delete()
            try await FormAttachment.query(on: database).filter(\.$applicationID ~~ ids).delete()
            try await FormApplication.query(on: database).filter(\.$id ~~ ids).delete()
        }
        return counts
    }
}

/// Forms' outbox messages (receipts, resume and confirmation links: `mailKinds`, never another
/// module's), drafts and uploads never submitted, 30 days after they were created.
public struct FormMailRetention: RetentionTarget {
    public var fileID: String { FormsModule.mailFile.id }
    public init() {}

    /// The outbox kinds Forms sends, the only ones its file holds.
    public static let mailKinds = ["forms.receipt", "forms.resume", "forms.verify"]

    public func purge(startedBefore cutoff: Date, on database: any Database) async throws -> [UUID: Int] {
        var counts = try await MailOutbox.purge(createdBefore: cutoff, kinds: Self.mailKinds, on: database)
        for draft in try await FormDraft.query(on: database).filter(\.$createdAt < cutoff).field(\.$id).field(\.$municipalityID).all() {
            counts[draft.municipalityID, default: 0] += 1
        }
        // Uploads never submitted with an application.
        for upload in try await FormAttachment.query(on: database).filter(\.$applicationID == nil).filter(\.$createdAt < cutoff)
            .field(\.$id).field(\.$municipalityID).all() {
            counts[upload.municipalityID, default: 0] += 1
        }
        try await FormAttachment.query(on: database).filter(\.$applicationID == nil).filter(\.$createdAt < cutoff).delete()
        try await FormDraft.query(on: database).filter(\.$createdAt < cutoff).delete()
        return counts
    }
}

/// Applications whose applicant (the `name` field) is the requester, for disclosure requests.
public struct FormApplicationRecords: PersonalRecordSource {
    public var fileID: String { FormsModule.applicationsFile.id }
    public init() {}

    public func records(matchingName name: String, municipalityID: UUID, cipher: FieldCipher, on database: any Database) async throws -> [PersonalRecordMatch] {
        let wanted = Self.normalizedName(name)
        let submissions = FormSubmissions(cipher: cipher, audit: NoAudit())
        return try await FormApplication.query(on: database).filter(\.$municipalityID == municipalityID).all().compactMap { application in
            guard let values = try? submissions.values(of: application), let applicant = values["name"] ?? values["deceased_name"],
                  Self.normalizedName(applicant) == wanted else { return nil }
            return PersonalRecordMatch(fileID: fileID, reference: application.receiptNumber,
                                       summary: "電子申請（\(application.formID)、\(application.status)）", recordedAt: application.submittedAt)
        }
    }

    /// Decryption only; nothing is written.
    private struct NoAudit: AuditTrail {
        func record(_ event: AuditEvent, on database: any Database) async throws {}
    }
}
