import FluentKit
import Foundation
import MadoguchiCore

/// Adding and removing a notice's files, and reading which files a revision carries. The bytes go
/// to the injected blob store (the one the catalogue uses); removing a file removes its row or marks
/// the revision it leaves, never the blob (another notice or a dataset may hold the same bytes).
public struct NoticeAttachments: Sendable {
    let audit: any AuditTrail
    let blobs: any BlobStore
    let now: @Sendable () -> Date

    public init(audit: any AuditTrail, blobs: any BlobStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.audit = audit
        self.blobs = blobs
        self.now = now
    }

    /// Attaches `data` under a sanitised `fileName`. A draft's file is published with it; a file
    /// added to a published notice waits for the next correction. Refused, naming the field
    /// `file` (添付ファイル), when the bytes are empty, too large, not an allowed type by their
    /// signature, or the notice already carries `AttachmentRules.maxPerNotice` files; the
    /// notice's text is never touched.
    public func add(to noticeID: UUID, municipalityID: UUID, fileName: String, data: Data, by actor: Actor,
                    origin: RequestOrigin = .none, on database: any Database) async throws -> NoticeAttachment {
        let notice = try await Self.editableNotice(noticeID, municipalityID: municipalityID, on: database)
        guard !data.isEmpty else { throw Self.problem("「添付ファイル」を選んでください。", "Attachment: choose a file.") }
        guard data.count <= AttachmentRules.maxBytes else {
            throw Self.problem("「添付ファイル」が大きすぎます（上限 \(AttachmentRules.maxBytes / 1024 / 1024)MB）。",
                               "Attachment: the file is too large (at most \(AttachmentRules.maxBytes / 1024 / 1024) MB).")
        }
        let name = SafeFileName.sanitize(fileName, fallback: "attachment")
        guard let contentType = AttachmentRules.contentType(of: data, fileName: name) else {
            throw Self.problem("「添付ファイル」はPDF、PNG、JPEG、CSV（UTF-8）、テキスト（UTF-8）のいずれかで、拡張子と中身が一致している必要があります。",
                               "Attachment: only PDF, PNG, JPEG, CSV (UTF-8) or plain text (UTF-8) whose contents match the file name's extension.")
        }
        let stored = try await blobs.put(data)
        let attachment = NoticeAttachment()
        attachment.municipalityID = municipalityID
        attachment.noticeID = noticeID
        attachment.fileName = name
        attachment.contentType = contentType
        attachment.size = stored.size
        attachment.sha256 = stored.sha256
        attachment.addedInRevision = notice.revision + 1
        attachment.uploadedBy = actor.reference
        attachment.uploadedAt = now()
        try await database.transaction { db in
            // Lock the notice's row first (an update that changes nothing: its author never changes),
            // so two uploads at once cannot both pass the count.
            try await Notice.query(on: db).filter(\.$id == noticeID).set(\.$createdBy, to: notice.createdBy).update()
            let carried = try await Self.carried(by: noticeID, revision: notice.revision + 1, on: db).count
            guard carried < AttachmentRules.maxPerNotice else {
                throw Self.problem("「添付ファイル」は1件のお知らせに\(AttachmentRules.maxPerNotice)件までです。",
                                   "Attachment: a notice carries at most \(AttachmentRules.maxPerNotice) files.")
            }
            try await attachment.create(on: db)
            try await record("notices.attachment.add", attachment, actor, origin, on: db)
        }
        return attachment
    }

    /// Removes a file: a file not yet published goes; a published one leaves with the next correction
    /// (the revisions already published keep it).
    public func remove(_ attachmentID: UUID, from noticeID: UUID, municipalityID: UUID, by actor: Actor,
                       origin: RequestOrigin = .none, on database: any Database) async throws {
        let notice = try await Self.editableNotice(noticeID, municipalityID: municipalityID, on: database)
        guard let attachment = try await NoticeAttachment.query(on: database).filter(\.$id == attachmentID)
            .filter(\.$noticeID == noticeID).filter(\.$municipalityID == municipalityID).first(),
              attachment.removedInRevision == nil
        else { throw NoticesError(.notFound, ja: "添付ファイルが見つかりません", en: "Attachment not found") }
        try await database.transaction { db in
            if attachment.addedInRevision > notice.revision {
                try await attachment.delete(on: db)
            } else {
                attachment.removedInRevision = notice.revision + 1
                try await attachment.save(on: db)
            }
            try await record("notices.attachment.remove", attachment, actor, origin, on: db)
        }
    }

    /// The files staff see on a notice: those it carries now and those waiting for the next
    /// correction (not those removed), oldest first.
    public static func current(of noticeID: UUID, municipalityID: UUID, on database: any Database) async throws -> [NoticeAttachment] {
        try await NoticeAttachment.query(on: database).filter(\.$noticeID == noticeID).filter(\.$municipalityID == municipalityID)
            .filter(\.$removedInRevision == nil).sort(\.$uploadedAt).sort(\.$id).all()
    }

    /// Every file the notice has ever carried (for the history of its revisions), oldest first.
    public static func all(of noticeID: UUID, municipalityID: UUID, on database: any Database) async throws -> [NoticeAttachment] {
        try await NoticeAttachment.query(on: database).filter(\.$noticeID == noticeID).filter(\.$municipalityID == municipalityID)
            .sort(\.$uploadedAt).sort(\.$id).all()
    }

    /// The files residents see with a notice: those of its current revision, nothing for a notice
    /// that is not reachable at `now` (a draft, one awaiting approval, one not yet public).
    public static func published(of notice: Notice, now: Date = Date(), on database: any Database) async throws -> [NoticeAttachment] {
        guard notice.isReachable(at: now), let id = notice.id else { return [] }
        return try await carried(by: id, revision: notice.revision, on: database)
    }

    /// One file a resident may download: it belongs to the current revision of a notice reachable at `now`.
    public static func downloadable(_ attachmentID: UUID, of noticeID: UUID, municipalityID: UUID, now: Date = Date(),
                                    on database: any Database) async throws -> NoticeAttachment? {
        guard let notice = try await NoticeQueries.reachable(noticeID, municipalityID: municipalityID, now: now, on: database) else { return nil }
        return try await published(of: notice, now: now, on: database).first { $0.id == attachmentID }
    }

    static func carried(by noticeID: UUID, revision: Int, on database: any Database) async throws -> [NoticeAttachment] {
        try await NoticeAttachment.query(on: database).filter(\.$noticeID == noticeID).filter(\.$addedInRevision <= revision)
            .group(.or) { $0.filter(\.$removedInRevision == nil).filter(\.$removedInRevision > revision) }
            .sort(\.$uploadedAt).sort(\.$id).all()
    }

    /// A notice whose files may change: a draft or a published notice (changes wait for its next
    /// correction); one awaiting approval is fixed until it is approved or edited back to a draft.
    static func editableNotice(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> Notice {
        guard let notice = try await NoticeQueries.find(id, municipalityID: municipalityID, on: database) else { throw NoticesError.noticeNotFound }
        guard notice.state != .awaitingApproval else {
            throw NoticesError(.conflict, ja: "承認待ちのお知らせの添付ファイルは変更できません。編集して下書きに戻してください。",
                               en: "The files of a notice awaiting approval cannot change; edit it back to a draft first.", field: "file")
        }
        return notice
    }

    static func problem(_ ja: String, _ en: String) -> NoticesInputProblems {
        NoticesInputProblems([FieldProblem(field: "file", message: LocalizedText(ja: ja, en: en))])
    }

    private func record(_ action: String, _ attachment: NoticeAttachment, _ actor: Actor, _ origin: RequestOrigin, on db: any Database) async throws {
        try await audit.record(AuditEvent(municipalityID: attachment.municipalityID, actor: actor, action: action, targetType: Notice.schema,
                                          targetID: attachment.noticeID.uuidString.lowercased(),
                                          details: ["attachment": attachment.id?.uuidString.lowercased() ?? "", "sha256": attachment.sha256,
                                                    "size": String(attachment.size), "type": attachment.contentType],
                                          origin: origin), on: db)
    }
}
