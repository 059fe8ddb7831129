import Foundation
import MadoguchiCore
import Notices
import Vapor

/// `/{code}/staff/notices/{id}/attachments`: a notice's files (PDF, PNG, JPEG, CSV, plain text).
///
/// - `GET  /staff/notices/{id}/attachments`: the files, and the upload form
/// - `POST /staff/notices/{id}/attachments`: upload one file (multipart, the body streamed like the
///   dataset upload's, at most `AttachmentRules.maxBytes` plus the form's own bytes)
/// - `POST /staff/notices/{id}/attachments/{attachment}/remove`: remove a file (a published file
///   leaves with the next correction; the published revisions keep it)
///
/// A refused file (type by its bytes, size, count, name) is named as 「添付ファイル」; the notice's
/// text is saved separately and never touched by an upload.
struct StaffNoticeAttachmentsController: RouteCollection {
    /// The request body limit of the upload: the file's limit and room for the multipart framing,
    /// the file name and the CSRF field. Larger bodies are refused before they are read (413).
    static let maxUploadBodyBytes = AttachmentRules.maxBytes + 64 * 1024

    func boot(routes: any RoutesBuilder) throws {
        let write = NoticesPermission.writeNotices
        routes.on(.GET, "notices", ":notice", "attachments", requiring: write, use: list)
        let upload = routes.on(.POST, "notices", ":notice", "attachments", requiring: write, body: .stream, use: upload)
        upload.userInfo[RouteInfo.maxBodyBytes] = Self.maxUploadBodyBytes
        routes.on(.POST, "notices", ":notice", "attachments", ":attachment", "remove", requiring: write, use: remove)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, problems: [], status: .ok)
    }

    func upload(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let noticeID = try Self.noticeID(req)
        // The dataset upload's form shape: one `file` field.
        let file = try? req.content.decode(StaffDatasetsController.UploadInput.self).file
        do {
            _ = try await req.madoguchi.noticeAttachments.add(
                to: noticeID, municipalityID: municipality.requireID(), fileName: file?.filename ?? "",
                data: file.map { Data(buffer: $0.data) } ?? Data(), by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let problems as NoticesInputProblems {
            return try await render(req, problems: problems.problems, status: .unprocessableEntity)
        } catch let error as NoticesError where error.kind == .conflict {
            return try await render(req, problems: [FieldProblem(field: "file", message: error.message)], status: .conflict)
        }
        return req.redirect(to: "/\(municipality.code)/staff/notices/\(noticeID.uuidString.lowercased())/attachments")
    }

    func remove(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let noticeID = try Self.noticeID(req)
        guard let attachmentID = req.parameters.get("attachment").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        do {
            try await req.madoguchi.noticeAttachments.remove(attachmentID, from: noticeID, municipalityID: municipality.requireID(),
                                                              by: .staff(req.requireStaff().requireID()), origin: req.origin, on: req.db)
        } catch let error as NoticesError where error.kind == .conflict {
            return try await render(req, problems: [FieldProblem(field: "file", message: error.message)], status: .conflict)
        }
        return req.redirect(to: "/\(municipality.code)/staff/notices/\(noticeID.uuidString.lowercased())/attachments")
    }

    static func noticeID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("notice").flatMap(UUID.init(uuidString:)) else { throw WebError.notFound }
        return id
    }

    private func render(_ req: Request, problems: [FieldProblem], status: HTTPStatus) async throws -> Response {
        let municipalityID = try req.municipality.requireID()
        guard let notice = try await NoticeQueries.find(Self.noticeID(req), municipalityID: municipalityID, on: req.db) else { throw WebError.notFound }
        let attachments = try await NoticeAttachments.current(of: notice.id!, municipalityID: municipalityID, on: req.db)
        return StaffNoticeAttachmentsPage.page(notice: notice, attachments: attachments, problems: problems, context: req.pageContext())
            .response(status: status)
    }
}
