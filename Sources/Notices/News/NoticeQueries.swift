import FluentKit
import MadoguchiCore
import Foundation

/// Reads of notices for residents (lists, pages, feeds) and staff.
public enum NoticeQueries {
    /// What a list or feed asks for.
    public struct Filter: Sendable, Hashable {
        public var category: NoticeCategory?
        /// An area code: notices for that area or for the whole municipality.
        public var area: String?
        public init(category: NoticeCategory? = nil, area: String? = nil) { self.category = category; self.area = area }
    }

    /// The most a list or feed shows.
    public static let maxListed = 200

    /// Published notices residents see at `now`, newest first.
    public static func listed(municipalityID: UUID, filter: Filter = Filter(), now: Date = Date(), limit: Int = 50,
                              on database: any Database) async throws -> [Notice] {
        var query = Notice.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$state == .published)
            .filter(\.$publishedAt <= now)
            .group(.or) { $0.filter(\.$publishAt == nil).filter(\.$publishAt <= now) }
            .group(.or) { $0.filter(\.$expiresAt == nil).filter(\.$expiresAt > now) }
        if let category = filter.category { query = query.filter(\.$categoryRaw == category.rawValue) }
        if let area = filter.area, NoticeArea.isValidCode(area) {
            query = query.group(.or) { $0.filter(\.$areaCodesText == "").filter(\.$areaCodesText ~~ "|\(area)|") }
        }
        let notices = try await query.sort(\.$publishedAt, .descending).sort(\.$id).limit(min(max(limit, 1), maxListed)).all()
        return notices.sorted { ($0.visibleFrom ?? .distantPast, $0.id!.uuidString) > ($1.visibleFrom ?? .distantPast, $1.id!.uuidString) }
    }

    /// A notice residents may open at `now` (also after it expired), or nil.
    public static func reachable(_ id: UUID, municipalityID: UUID, now: Date = Date(), on database: any Database) async throws -> Notice? {
        let notice = try await Notice.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
        return notice.flatMap { $0.isReachable(at: now) ? $0 : nil }
    }

    /// Any notice of the municipality (staff).
    public static func find(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> Notice? {
        try await Notice.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
    }

    /// Every notice of the municipality, newest first (staff).
    public static func all(municipalityID: UUID, limit: Int = 500, on database: any Database) async throws -> [Notice] {
        try await Notice.query(on: database).filter(\.$municipalityID == municipalityID).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// The department a notice names, if any (of the same municipality).
    public static func department(of notice: Notice, on database: any Database) async throws -> Department? {
        guard let id = notice.departmentID else { return nil }
        return try await Department.query(on: database).filter(\.$id == id).filter(\.$municipality.$id == notice.municipalityID).first()
    }

    /// The departments a notice may name (the notice form's list).
    public static func departments(municipalityID: UUID, on database: any Database) async throws -> [Department] {
        try await Department.query(on: database).filter(\.$municipality.$id == municipalityID).sort(\.$code).all()
    }

    /// The published texts of a notice, oldest first.
    public static func revisions(of noticeID: UUID, municipalityID: UUID, on database: any Database) async throws -> [NoticeRevision] {
        try await NoticeRevision.query(on: database).filter(\.$noticeID == noticeID).filter(\.$municipalityID == municipalityID)
            .sort(\.$revision).all()
    }
}
