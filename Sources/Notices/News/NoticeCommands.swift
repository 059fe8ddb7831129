import FluentKit
import Foundation
import MadoguchiCore

/// Every change to a notice: validate, open a transaction, write, append the audit entry, commit.
public struct NoticeCommands: Sendable {
    let audit: any AuditTrail
    let now: @Sendable () -> Date
    /// Reads the text and CSV attachments before a publication or correction carries them.
    let attachmentGuard: any AttachmentGuard

    public init(audit: any AuditTrail, attachmentGuard: any AttachmentGuard = NoAttachmentGuard(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.audit = audit
        self.attachmentGuard = attachmentGuard
        self.now = now
    }

    /// A new draft.
    public func create(municipalityID: UUID, _ input: NoticeInput, by actor: Actor, origin: RequestOrigin = .none,
                       on database: any Database) async throws -> Notice {
        let valid = try await input.validate(municipalityID: municipalityID, on: database)
        let notice = Notice()
        notice.municipalityID = municipalityID
        apply(valid, to: notice)
        notice.state = .draft
        notice.revision = 0
        notice.createdBy = actor.reference
        notice.createdAt = now()
        try await database.transaction { db in
            try await notice.create(on: db)
            try await record("notices.notice.create", notice, actor, origin, on: db)
        }
        return notice
    }

    /// Saves an edit. A draft (or one awaiting approval, which goes back to draft) changes in place;
    /// a published notice gets a new revision, its 更新 date, and keeps the earlier text.
    ///
    /// The two-person rule of the emergency category cannot be walked around by a correction: a
    /// published notice cannot be moved into the emergency category (publish a new one, which waits
    /// for approval), and a published emergency notice is corrected only by someone who may approve
    /// emergency notices (`mayCorrectEmergency`: the caller checks the emergency permission).
    public func update(_ id: UUID, municipalityID: UUID, _ input: NoticeInput, note: String = "", mayCorrectEmergency: Bool = false,
                       by actor: Actor, origin: RequestOrigin = .none, on database: any Database) async throws -> Notice {
        let notice = try await find(id, municipalityID: municipalityID, on: database)
        let valid = try await input.validate(municipalityID: municipalityID, on: database)
        let trimmedNote = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if notice.state == .published, valid.category.needsApproval, !notice.category.needsApproval {
            throw NoticesInputProblems([FieldProblem(field: "category", message: LocalizedText(
                ja: "公開中のお知らせを「緊急情報」に変えることはできません。緊急情報は新しいお知らせとして作成し、承認を受けてください。",
                en: "A published notice cannot become an emergency notice; write a new one, which needs approval."))])
        }
        if notice.state == .published, notice.category.needsApproval, !mayCorrectEmergency {
            throw NoticesError.emergencyCorrectionNeedsPermission
        }
        if notice.state == .published {
            guard !trimmedNote.isEmpty, trimmedNote.count <= 200 else {
                throw NoticesInputProblems([FieldProblem(field: "note", message: LocalizedText(
                    ja: "公開中のお知らせを訂正するときは「訂正の内容」を200文字以内で入力してください。",
                    en: "Correcting a published notice: say what changed in at most 200 characters."))])
            }
            try await NoticeAttachments.check(notice: notice, revision: notice.revision + 1, with: attachmentGuard, on: database)
        }
        try await database.transaction { db in
            apply(valid, to: notice)
            if notice.state == .published {
                let at = now()
                notice.revision += 1
                notice.correctedAt = at
                try await notice.save(on: db)
                try await NoticeRevision(of: notice, note: trimmedNote, by: actor.reference, at: at).create(on: db)
                try await record("notices.notice.correct", notice, actor, origin, details: ["revision": String(notice.revision)], on: db)
                try await NoticeFanOuts.record(correction: notice, at: at, on: db)
            } else {
                notice.state = .draft
                notice.approvalRequestedBy = nil
                try await notice.save(on: db)
                try await record("notices.notice.update", notice, actor, origin, on: db)
            }
        }
        if notice.state == .published { NoticeFanOuts.wake() }
        return notice
    }

    /// Publishes a draft; a notice of the emergency category waits for a second person instead.
    public func publish(_ id: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                        on database: any Database) async throws -> Notice {
        let notice = try await find(id, municipalityID: municipalityID, on: database)
        guard notice.state == .draft else {
            throw NoticesError(.conflict, ja: "このお知らせは下書きではありません", en: "This notice is not a draft")
        }
        // Files cannot change while a notice awaits approval, so what is checked here is what is approved.
        try await NoticeAttachments.check(notice: notice, revision: 1, with: attachmentGuard, on: database)
        try await database.transaction { db in
            if notice.category.needsApproval {
                notice.state = .awaitingApproval
                notice.approvalRequestedBy = actor.reference
                try await notice.save(on: db)
                try await record("notices.notice.request_approval", notice, actor, origin, on: db)
            } else {
                try await makePublic(notice, by: actor, on: db)
                try await record("notices.notice.publish", notice, actor, origin, on: db)
            }
        }
        if notice.state == .published { NoticeFanOuts.wake() }
        return notice
    }

    /// A second person's approval of an emergency notice; `mayApproveEmergency` is whether the
    /// approver holds `NoticesPermission.issueEmergency`.
    public func approve(_ id: UUID, municipalityID: UUID, by actor: Actor, mayApproveEmergency: Bool,
                        origin: RequestOrigin = .none, on database: any Database) async throws -> Notice {
        let notice = try await find(id, municipalityID: municipalityID, on: database)
        guard notice.state == .awaitingApproval else { throw NoticesError.notAwaitingApproval }
        guard mayApproveEmergency else { throw NoticesError.emergencyPermissionNeeded }
        guard notice.approvalRequestedBy != actor.reference, notice.createdBy != actor.reference || actor == .system
        else { throw NoticesError.approvalBySamePerson }
        try await database.transaction { db in
            try await makePublic(notice, by: actor, on: db)
            try await record("notices.notice.approve", notice, actor, origin, details: ["requested_by": notice.approvalRequestedBy ?? ""], on: db)
        }
        NoticeFanOuts.wake()
        return notice
    }

    private func makePublic(_ notice: Notice, by actor: Actor, on db: any Database) async throws {
        let at = now()
        notice.state = .published
        notice.publishedAt = at
        notice.revision = 1
        try await notice.save(on: db)
        try await NoticeRevision(of: notice, note: "", by: actor.reference, at: at).create(on: db)
        try await NoticeFanOuts.record(notice: notice, on: db)
    }

    private func find(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> Notice {
        guard let notice = try await Notice.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
        else { throw NoticesError.noticeNotFound }
        return notice
    }

    private func apply(_ valid: NoticeInput.Valid, to notice: Notice) {
        notice.title = valid.title
        notice.body = valid.body
        notice.categoryRaw = valid.category.rawValue
        notice.departmentID = valid.departmentID
        notice.areaCodesText = AreaCodes.encode(valid.areaCodes)
        notice.publishAt = valid.publishAt
        notice.expiresAt = valid.expiresAt
        notice.titleEasy = valid.titleEasy
        notice.bodyEasy = valid.bodyEasy
        notice.titleEnglish = valid.titleEnglish
        notice.bodyEnglish = valid.bodyEnglish
    }

    private func record(_ action: String, _ notice: Notice, _ actor: Actor, _ origin: RequestOrigin, details: [String: String] = [:],
                        on db: any Database) async throws {
        var details = details
        details["category"] = notice.categoryRaw
        details["state"] = notice.state.rawValue
        try await audit.record(AuditEvent(municipalityID: notice.municipalityID, actor: actor, action: action, targetType: Notice.schema,
                                          targetID: notice.id?.uuidString.lowercased(), details: details, origin: origin), on: db)
    }
}
