import FluentKit
import Foundation
import MadoguchiCore

/// What is asked before a notice's text attachments reach residents: do they carry personal
/// information? The application supplies the privacy scanner the catalogue's publish guard uses
/// (this module does not import it); each finding names its file.
public protocol AttachmentGuard: Sendable {
    /// Messages for the files that must not be published; empty means they may be.
    func inspect(_ files: [AttachmentGuardFile], noticeID: UUID, municipalityID: UUID) async throws -> [LocalizedText]
}

/// One text or CSV attachment about to be published; the guard reads its bytes from the blob store.
public struct AttachmentGuardFile: Sendable {
    public let id: UUID
    public let fileName: String
    /// `CSV` or `TXT`.
    public let format: String
    public let sha256: String
}

/// No scanning (library tests of other behaviour); the application always injects the scanner.
public struct NoAttachmentGuard: AttachmentGuard {
    public init() {}
    public func inspect(_ files: [AttachmentGuardFile], noticeID: UUID, municipalityID: UUID) async throws -> [LocalizedText] { [] }
}

extension NoticeAttachments {
    /// Refuses with the guard's findings (field `attachments`) when the text files revision
    /// `revision` will carry hold personal information.
    static func check(notice: Notice, revision: Int, with guardian: any AttachmentGuard, on database: any Database) async throws {
        let files = try await carried(by: notice.id!, revision: revision, on: database)
            .filter { AttachmentRules.isText($0.contentType) }
            .map { AttachmentGuardFile(id: $0.id!, fileName: $0.fileName, format: $0.contentType.hasPrefix("text/csv") ? "CSV" : "TXT", sha256: $0.sha256) }
        guard !files.isEmpty else { return }
        let findings = try await guardian.inspect(files, noticeID: notice.id!, municipalityID: notice.municipalityID)
        guard findings.isEmpty else {
            throw NoticesInputProblems(findings.map { FieldProblem(field: "attachments", message: LocalizedText(
                ja: "添付ファイル：\($0.ja) 添付ファイルを削除するか、個人情報を除いた版に差し替えてから公開してください。",
                en: "Attachments: \($0.en) Remove the file or replace it with a version without personal information before publishing.")) })
        }
    }
}
