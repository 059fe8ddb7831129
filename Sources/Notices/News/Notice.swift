import FluentKit
import MadoguchiCore
import Foundation

/// A notice (お知らせ) as it stands now. Its permanent URL is built from its id; every published
/// text is kept in `NoticeRevision`, and a correction raises `revision` and sets `correctedAt`.
public final class Notice: Model, @unchecked Sendable {
    public static let schema = "notices_notices"

    public enum State: String, Sendable, Codable {
        case draft
        /// An emergency notice waiting for a second person's approval.
        case awaitingApproval = "awaiting_approval"
        case published
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @OptionalField(key: "department_id") public var departmentID: UUID?
    @Field(key: "category") public var categoryRaw: String
    @Field(key: "area_codes") public var areaCodesText: String
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @OptionalField(key: "title_easy") public var titleEasy: String?
    @OptionalField(key: "body_easy") public var bodyEasy: String?
    @OptionalField(key: "title_en") public var titleEnglish: String?
    @OptionalField(key: "body_en") public var bodyEnglish: String?
    @Field(key: "state") public var state: State
    /// When the notice becomes public (nil: as soon as it is published).
    @OptionalField(key: "publish_at") public var publishAt: Date?
    /// When it leaves lists and feeds; its URL still answers, saying it has ended.
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    /// When it was first published (the feeds' `published`).
    @OptionalField(key: "published_at") public var publishedAt: Date?
    /// When it was last corrected after publication (shown as 更新).
    @OptionalField(key: "corrected_at") public var correctedAt: Date?
    /// 0 while never published, then 1, 2… with each correction.
    @Field(key: "revision") public var revision: Int
    @Field(key: "created_by") public var createdBy: String
    @OptionalField(key: "approval_requested_by") public var approvalRequestedBy: String?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var category: NoticeCategory { NoticeCategory(rawValue: categoryRaw) ?? .living }
    /// The targeted areas' codes; empty means the whole municipality.
    public var areaCodes: [String] { AreaCodes.decode(areaCodesText) }

    /// When residents first could see it.
    public var visibleFrom: Date? { publishedAt.map { max($0, publishAt ?? $0) } }
    /// The time feeds give as `updated`: the last correction, else the publication.
    public var lastChanged: Date { correctedAt ?? visibleFrom ?? createdAt }

    /// Whether residents see it in lists and feeds at `now`.
    public func isListed(at now: Date) -> Bool {
        guard state == .published, let from = visibleFrom, from <= now else { return false }
        return expiresAt.map { $0 > now } ?? true
    }

    /// Whether its page answers at `now` (an expired notice keeps its URL).
    public func isReachable(at now: Date) -> Bool {
        guard state == .published, let from = visibleFrom else { return false }
        return from <= now
    }
}

/// One published text of a notice (revision 1 is the first publication, later ones corrections).
public final class NoticeRevision: Model, @unchecked Sendable {
    public static let schema = "notices_revisions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "notice_id") public var noticeID: UUID
    @Field(key: "revision") public var revision: Int
    @Field(key: "category") public var categoryRaw: String
    @Field(key: "area_codes") public var areaCodesText: String
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @OptionalField(key: "title_easy") public var titleEasy: String?
    @OptionalField(key: "body_easy") public var bodyEasy: String?
    @OptionalField(key: "title_en") public var titleEnglish: String?
    @OptionalField(key: "body_en") public var bodyEnglish: String?
    /// What the correction changed, as staff wrote it (empty for the first publication).
    @Field(key: "note") public var note: String
    @Field(key: "saved_by") public var savedBy: String
    @Field(key: "saved_at") public var savedAt: Date

    public init() {}

    init(of notice: Notice, note: String, by actor: String, at date: Date) {
        municipalityID = notice.municipalityID
        noticeID = notice.id!
        revision = notice.revision
        categoryRaw = notice.categoryRaw
        areaCodesText = notice.areaCodesText
        title = notice.title
        body = notice.body
        titleEasy = notice.titleEasy
        bodyEasy = notice.bodyEasy
        titleEnglish = notice.titleEnglish
        bodyEnglish = notice.bodyEnglish
        self.note = note
        savedBy = actor
        savedAt = date
    }
}
