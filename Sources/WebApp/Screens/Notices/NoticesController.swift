import FluentKit
import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/notices`: the public notices (お知らせ) and their feeds.
///
/// - `GET /notices?category=&area=`: the list, filtered by category and area
/// - `GET /notices/{id}`: a notice's permanent page, with its corrections (更新) and history
/// - `GET /notices/{id}/attachments/{attachment}`: a file of the notice (its id only in the URL, never its name)
/// - `GET /notices/feed.atom`, `GET /notices/feed.rss` (same filters): Atom 1.0 and RSS 2.0,
///   with ETag / Last-Modified and 304
struct NoticesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notices = routes.grouped("notices")
        notices.get(use: list).publicRead()
        notices.get("feed.atom", use: atom).publicRead()
        notices.get("feed.rss", use: rss).publicRead()
        notices.get(":notice", use: show).publicRead()
        // Not `publicRead`: a file is streamed from the blob store, never kept whole in the page cache.
        notices.get(":notice", "attachments", ":attachment", use: download)
    }

    /// The filter of a list or feed from `?category=&area=`; unknown values are a 400 naming them.
    static func filter(_ req: Request) throws -> NoticeQueries.Filter {
        var filter = NoticeQueries.Filter()
        if let raw = try req.query(TextParameter("category", maxLength: 40)), !raw.isEmpty {
            guard let category = NoticeCategory(rawValue: raw) else {
                throw WebError(.malformedRequest, ja: "category（分類）の値が正しくありません", en: "category: unknown value", field: "category")
            }
            filter.category = category
        }
        if let raw = try req.query(TextParameter("area", maxLength: 40)), !raw.isEmpty {
            guard NoticeArea.isValidCode(raw) else {
                throw WebError(.malformedRequest, ja: "area（地区）の値が正しくありません", en: "area: unknown value", field: "area")
            }
            filter.area = raw
        }
        return filter
    }

    func list(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let id = try municipality.requireID()
        let filter = try Self.filter(req)
        let notices = try await NoticeQueries.listed(municipalityID: id, filter: filter, limit: 100, on: req.db)
        let areas = try await NoticeAreas.all(municipalityID: id, on: req.db)
        return NoticesPage.list(notices: notices, areas: areas, filter: filter, context: req.pageContext()).response()
    }

    func show(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let id = try municipality.requireID()
        guard let noticeID = req.parameters.get("notice").flatMap(UUID.init(uuidString:)),
              let notice = try await NoticeQueries.reachable(noticeID, municipalityID: id, on: req.db)
        else { throw WebError.notFound }
        let revisions = try await NoticeQueries.revisions(of: noticeID, municipalityID: id, on: req.db)
        let areas = try await NoticeAreas.all(municipalityID: id, on: req.db)
        let department = try await NoticeQueries.department(of: notice, on: req.db)
        let attachments = try await NoticeAttachments.published(of: notice, on: req.db)
        let history = try await NoticeAttachments.all(of: noticeID, municipalityID: id, on: req.db)
        return NoticesPage.detail(notice: notice, revisions: revisions, areas: areas, department: department, now: Date(),
                                  attachments: attachments, history: history, context: req.pageContext()).response()
    }

    /// A file of the notice's current revision, streamed from the blob store under its own type,
    /// as a download named by its (sanitised) file name; anything else, a draft's file included, is 404.
    func download(req: Request) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        guard let noticeID = req.parameters.get("notice").flatMap(UUID.init(uuidString:)),
              let attachmentID = req.parameters.get("attachment").flatMap(UUID.init(uuidString:)),
              let attachment = try await NoticeAttachments.downloadable(attachmentID, of: noticeID, municipalityID: municipalityID, on: req.db)
        else { throw WebError.notFound }
        let blobs = req.madoguchi.blobs
        guard let blob = try await blobs.reference(attachment.sha256) else { throw BlobStoreError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDispositionValue.attachment(fileName: attachment.fileName))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return .blob(blob, from: blobs, headers: headers)
    }

    func atom(req: Request) async throws -> Response {
        let feed = try await makeFeed(req, format: "atom")
        return ConditionalGET.response(req, body: feed.atom, lastModified: feed.updated, contentType: "application/atom+xml; charset=utf-8")
    }

    func rss(req: Request) async throws -> Response {
        let feed = try await makeFeed(req, format: "rss")
        return ConditionalGET.response(req, body: feed.rss, lastModified: feed.updated, contentType: "application/rss+xml; charset=utf-8")
    }

    private func makeFeed(_ req: Request, format: String) async throws -> NoticeFeed {
        let municipality = try req.municipality
        let id = try municipality.requireID()
        let filter = try Self.filter(req)
        let notices = try await NoticeQueries.listed(municipalityID: id, filter: filter, limit: 50, on: req.db)
        let base = req.application.madoguchi.configuration.publicURL.trimmingSuffix("/")
        let code = municipality.code
        var query: [String] = []
        var scope = ""
        var title = "\(municipality.name)のお知らせ"
        if let category = filter.category {
            query.append("category=\(category.rawValue)"); scope += "/category/\(category.rawValue)"; title += "（\(category.label.ja)）"
        }
        if let area = filter.area {
            query.append("area=\(area)"); scope += "/area/\(area)"
            let name = try await NoticeAreas.area(code: area, municipalityID: id, on: req.db)?.name
            title += "（\(name ?? area)）"
        }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return NoticeFeed(id: "tag:madoguchi,2026:\(code)/notices\(scope)", title: title,
                          subtitle: "\(municipality.name)が発信するお知らせ", selfURL: "\(base)/\(code)/notices/feed.\(format)\(suffix)",
                          alternateURL: "\(base)/\(code)/notices\(suffix)", entryURL: { "\(base)/\(code)/notices/\($0.uuidString.lowercased())" },
                          author: municipality.name, notices: notices, emptyUpdated: Date(timeIntervalSince1970: 1_767_225_600))
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
