import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Notices
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// A notice's files over HTTP (both engines): staff attach and remove them, residents download the
/// same bytes from the published notice, every limit refuses with 添付ファイル named, and the privacy
/// scanner stops a notice whose CSV names a person.
final class NoticeAttachmentsTests: XCTestCase {
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8) + Data(repeating: 0x20, count: 1_500_000)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data(repeating: 7, count: 3000)

    private func attach(_ browser: Browser, notice id: String, fileName: String, data: Data) async throws -> XCTHTTPResponse {
        let path = "/132152/staff/notices/\(id)/attachments"
        let token = try await browser.csrfToken(from: path)
        return try await browser.postMultipart(path, form: ["_csrf": token], files: [(field: "file", filename: fileName, data: data)])
    }

    private func draft(_ test: TestApp, by browser: Browser, title: String = "防災マップの配布") async throws -> String {
        try await test.createNotice(by: browser, [("title", title), ("body", "地図を添付します。"), ("category", "kurashi")])
    }

    /// Links to files on a public page, in order.
    private func links(_ html: String, notice id: String) -> [String] {
        let pattern = "/132152/notices/\(id)/attachments/[0-9a-f-]{36}"
        var found: [String] = []
        var rest = html[...]
        while let range = rest.range(of: pattern, options: .regularExpression) {
            found.append(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return found
    }

    func testStaffAttachFilesThatResidentsDownloadAsTheSameBytesOnlyOncePublished() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let id = try await draft(test, by: staff)
        let added = try await attach(staff, notice: id, fileName: "防災マップ 2026.pdf", data: Self.pdf)
        XCTAssertEqual(added.status, .seeOther, added.body.string)
        let answer1 = try await attach(staff, notice: id, fileName: "map.png", data: Self.png)
        XCTAssertEqual(answer1.status, .seeOther)
        let listed = try await staff.get("/132152/staff/notices/\(id)/attachments")
        XCTAssertTrue(listed.body.string.contains("防災マップ 2026.pdf"))
        XCTAssertTrue(listed.body.string.contains("PDF 1.4MB"), listed.body.string)
        let form = try await staff.get("/132152/staff/notices/\(id)")
        XCTAssertTrue(form.body.string.contains("map.png（PNG 3KB）"), "the notice's form lists its files")

        // A draft's files are not the residents': no link, and their URL is 404 even when known.
        let found2 = try await NoticeAttachment.query(on: test.app.db).filter(\.$fileName == "map.png").first()?.id
        let attachmentID = try XCTUnwrap(found2)
        let early = try await test.app.sendRequest(.GET, "/132152/notices/\(id)/attachments/\(attachmentID.uuidString.lowercased())")
        XCTAssertEqual(early.status, .notFound)

        let answer3 = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(answer3.status, .seeOther)
        let page = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        let html = page.body.string
        XCTAssertTrue(html.contains("（PDF 1.4MB）"), "the link says the file's type and size")
        XCTAssertTrue(html.contains("type=\"application/pdf\""))
        let urls = links(html, notice: id)
        XCTAssertEqual(urls.count, 2)
        XCTAssertFalse(urls.joined().contains("map") || urls.joined().contains("%E9%98%B2"), "no file name in the URL")
        let file = try await test.app.sendRequest(.GET, urls[0])
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(Data(buffer: file.body), Self.pdf, "the same bytes")
        XCTAssertEqual(file.headers.first(name: .contentType), "application/pdf")
        XCTAssertEqual(file.headers.first(name: "X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(file.headers.first(name: .contentDisposition),
                       "attachment; filename=\"_____ 2026.pdf\"; filename*=UTF-8''%E9%98%B2%E7%81%BD%E3%83%9E%E3%83%83%E3%83%97%202026.pdf")
        XCTAssertEqual(file.headers.first(name: .contentLength), String(Self.pdf.count))
        let image = try await test.app.sendRequest(.GET, urls[1])
        XCTAssertEqual(Data(buffer: image.body), Self.png)
        XCTAssertEqual(image.headers.first(name: .contentType), "image/png")
        // Another notice's id with this file's id is 404.
        let other = try await draft(test, by: staff, title: "別のお知らせ")
        let answer4 = try await test.app.sendRequest(.GET, "/132152/notices/\(other)/attachments/\(attachmentID.uuidString.lowercased())")
        XCTAssertEqual(answer4.status, .notFound)
    }

    func testRefusedFilesNameTheFieldAndLeaveTheNoticeAsItWas() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let id = try await draft(test, by: staff, title: "保存済みの件名")
        // Wrong type by signature: PNG bytes named .pdf, a Windows program named .png, a binary named .csv.
        for (name, data) in [("map.pdf", Self.png), ("setup.png", Data("MZ\u{90}\u{0}\u{3}".utf8) + Data(repeating: 0, count: 100)),
                             ("table.csv", Data([0x41, 0x00, 0x42, 0x0A])), ("archive.zip", Data("PK\u{3}\u{4}".utf8)), ("page.html", Data("<html>".utf8))] {
            let refused = try await attach(staff, notice: id, fileName: name, data: data)
            XCTAssertEqual(refused.status, .unprocessableEntity, name)
            XCTAssertTrue(refused.body.string.contains("「添付ファイル」はPDF、PNG、JPEG、CSV（UTF-8）、テキスト（UTF-8）のいずれか"), name)
            XCTAssertTrue(refused.body.string.contains("aria-invalid=\"true\""))
        }
        // Too large: one byte over the limit is refused by name (a body far over the route's limit is a 413 from CSRFMiddleware before it is read).
        let large = Data("%PDF-1.7\n".utf8) + Data(repeating: 0x20, count: AttachmentRules.maxBytes - 8)
        let tooLarge = try await attach(staff, notice: id, fileName: "big.pdf", data: large)
        XCTAssertEqual(tooLarge.status, .unprocessableEntity)
        XCTAssertTrue(tooLarge.body.string.contains("「添付ファイル」が大きすぎます（上限 10MB）"))
        let empty = try await attach(staff, notice: id, fileName: "empty.pdf", data: Data())
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.string.contains("「添付ファイル」を選んでください"))
        let value5 = try await NoticeAttachment.query(on: test.app.db).count()
        XCTAssertEqual(value5, 0)
        let form = try await staff.get("/132152/staff/notices/\(id)")
        XCTAssertTrue(form.body.string.contains("保存済みの件名"), "the notice's text is untouched")
        XCTAssertTrue(form.body.string.contains("地図を添付します。"))

        // Hostile names: no directories, no markup, shown as text and sent safely.
        for name in ["../../etc/passwd.txt", "..\\..\\windows\\<script>alert(1)</script>.txt", "'><img src=x onerror=alert(1)>.txt", "..hidden.txt"] {
            let added = try await attach(staff, notice: id, fileName: name, data: Data("本文\n".utf8))
            XCTAssertEqual(added.status, .seeOther, name)
        }
        let names = try await NoticeAttachment.query(on: test.app.db).sort(\.$uploadedAt).all().map(\.fileName)
        XCTAssertEqual(names.count, 4)
        XCTAssertTrue(names.contains("passwd.txt") && names.contains("hidden.txt") && names.contains("script.txt"), "\(names)")
        XCTAssertFalse(names.contains { $0.contains("/") || $0.contains("\\") || $0.hasPrefix(".") }, "\(names)")
        let list = try await staff.get("/132152/staff/notices/\(id)/attachments").body.string
        XCTAssertFalse(list.contains("<script>alert") || list.contains("<img src=x"), "names are text")
        XCTAssertTrue(list.contains("img src=x onerror=alert(1).txt"), "brackets are dropped from names")
        let answer6 = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(answer6.status, .seeOther)
        let page = try await test.app.sendRequest(.GET, "/132152/notices/\(id)").body.string
        for url in links(page, notice: id) {
            let found7 = try await test.app.sendRequest(.GET, url).headers.first(name: .contentDisposition)
            let disposition = try XCTUnwrap(found7)
            let plain = disposition.components(separatedBy: "; filename*=")[0]
            XCTAssertEqual(plain.filter { $0 == "\"" }.count, 2, "one quoted ASCII name: \(disposition)")
            XCTAssertFalse(disposition.contains("\r") || disposition.contains("\n") || disposition.contains("/"), disposition)
        }

        // Count: 4 files now; six more fill the notice, the eleventh is refused by name.
        for index in 0..<6 { let answer8 = try await attach(staff, notice: id, fileName: "f\(index).txt", data: Data("\(index)\n".utf8)); XCTAssertEqual(answer8.status, .seeOther) }
        let eleventh = try await attach(staff, notice: id, fileName: "f6.txt", data: Data("6\n".utf8))
        XCTAssertEqual(eleventh.status, .unprocessableEntity)
        XCTAssertTrue(eleventh.body.string.contains("「添付ファイル」は1件のお知らせに10件までです"))
    }

    func testPersonalDataInACSVAttachmentBlocksPublishingUntilTheFileIsRemoved() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let id = try await draft(test, by: staff, title: "講座の参加者")
        let answer9 = try await attach(staff, notice: id, fileName: "participants.csv", data: Data("氏名,生年月日\n山田 太郎,1980-04-01\n".utf8))
        XCTAssertEqual(answer9.status, .seeOther)
        let blocked = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(blocked.status, .unprocessableEntity)
        XCTAssertTrue(blocked.body.string.contains("添付ファイル：「participants.csv」に個人情報と思われる記載があります"), blocked.body.string)
        XCTAssertFalse(blocked.body.string.contains("山田"), "findings never repeat the personal value")
        let answer10 = try await test.app.sendRequest(.GET, "/132152/notices/\(id)")
        XCTAssertEqual(answer10.status, .notFound, "still a draft")

        let found11 = try await NoticeAttachment.query(on: test.app.db).first()
        let attachment = try XCTUnwrap(found11)
        let removed = try await staff.postPairs("/132152/staff/notices/\(id)/attachments/\(attachment.id!.uuidString.lowercased())/remove", [])
        XCTAssertEqual(removed.status, .seeOther)
        let value12 = try await NoticeAttachment.query(on: test.app.db).count()
        XCTAssertEqual(value12, 0, "a draft's file goes")
        let value13 = try await test.app.madoguchi.blobs.exists(attachment.sha256)
        XCTAssertTrue(value13, "the blob stays: another owner may hold the same bytes")
        let answer14 = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(answer14.status, .seeOther)
    }

    func testACorrectionCarriesFileChangesAndTheHistoryKeepsEachRevisionsFiles() async throws {
        let test = try await makeTestApp()
        let staff = try await test.signedIn("department_staff")
        let id = try await draft(test, by: staff)
        let answer15 = try await attach(staff, notice: id, fileName: "first.pdf", data: Self.pdf)
        XCTAssertEqual(answer15.status, .seeOther)
        let answer16 = try await staff.postPairs("/132152/staff/notices/\(id)/publish", [])
        XCTAssertEqual(answer16.status, .seeOther)
        let firstPage = try await test.app.sendRequest(.GET, "/132152/notices/\(id)").body.string
        let first = try XCTUnwrap(links(firstPage, notice: id).first)

        // Changes to a published notice wait for its correction.
        let answer17 = try await attach(staff, notice: id, fileName: "second.csv", data: Data("地区,件数\n中,3\n".utf8))
        XCTAssertEqual(answer17.status, .seeOther)
        let found18 = try await NoticeAttachment.query(on: test.app.db).filter(\.$fileName == "first.pdf").first()
        let old = try XCTUnwrap(found18)
        let answer19 = try await staff.postPairs("/132152/staff/notices/\(id)/attachments/\(old.id!.uuidString.lowercased())/remove", [])
        XCTAssertEqual(answer19.status, .seeOther)
        let before = try await test.app.sendRequest(.GET, "/132152/notices/\(id)").body.string
        XCTAssertTrue(before.contains("first.pdf") && !before.contains("second.csv"), "residents see revision 1 until the correction")
        let value20 = try await staff.get("/132152/staff/notices/\(id)/attachments").body.string.contains("次の訂正で公開")
        XCTAssertTrue(value20)

        let corrected = try await staff.postPairs("/132152/staff/notices/\(id)", [("title", "防災マップの配布"), ("body", "表に差し替えました。"),
                                                                                   ("category", "kurashi"), ("note", "地図を表に差し替え")])
        XCTAssertEqual(corrected.status, .seeOther, corrected.body.string)
        let after = try await test.app.sendRequest(.GET, "/132152/notices/\(id)").body.string
        XCTAssertTrue(after.contains("second.csv</a>（CSV 1KB）"), after)
        XCTAssertTrue(after.contains("（添付ファイル 追加：second.csv／削除：first.pdf）"), "the history says what the correction changed")
        XCTAssertTrue(after.contains("（添付ファイル 追加：first.pdf）"))
        let answer21 = try await test.app.sendRequest(.GET, first)
        XCTAssertEqual(answer21.status, .notFound, "a file of an earlier revision is not served as current")
        let rows = try await NoticeAttachment.query(on: test.app.db).all()
        XCTAssertEqual(rows.count, 2, "the removed file's row stays for the history")
        XCTAssertEqual(rows.first { $0.fileName == "first.pdf" }?.removedInRevision, 2)
    }

    func testAFileUploadedThroughOneInstanceDownloadsThroughAnother() async throws {
        try XCTSkipUnless(TestDatabase.isPostgres, "several instances share one database only on PostgreSQL (set DATABASE_URL)")
        let (test, port) = try await startLiveServer()
        let (other, otherPort) = try await startAnotherInstance(of: test, ownDataDirectory: true)

        let staff = try SocketBrowser(port: port)
        addTeardownBlock { try await staff.shutdown() }
        try await staff.signIn("department_staff", password: test.password)
        let created = try await staff.postForm("/132152/staff/notices", fields: ["_csrf": try await staff.csrfToken(from: "/132152/staff/notices/new"),
                                                                                 "title": "共有の確認", "body": "本文", "category": "kurashi"])
        let id = try XCTUnwrap(created.headers.first(name: .location)?.split(separator: "/").last.map(String.init), created.text)
        let path = "/132152/staff/notices/\(id)/attachments"
        let token = try await staff.csrfToken(from: path)
        let boundary = "----madoguchi-notice-\(UUID().uuidString)"
        var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shared.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
        body.writeBytes(Self.pdf)
        body.writeString("\r\n--\(boundary)--\r\n")
        let uploaded = try await staff.send(.POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
        XCTAssertEqual(uploaded.status, .seeOther, uploaded.text)
        let published = try await staff.postForm("/132152/staff/notices/\(id)/publish", fields: ["_csrf": try await staff.csrfToken(from: "/132152/staff/notices/\(id)")])
        XCTAssertEqual(published.status, .seeOther, published.text)

        let resident = try SocketBrowser(port: otherPort)
        addTeardownBlock { try await resident.shutdown() }
        let page = try await resident.get("/132152/notices/\(id)")
        let url = try XCTUnwrap(links(page.text, notice: id).first, page.text)
        let file = try await resident.get(url)
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(file.body, Self.pdf, "the other instance serves the same bytes")
        XCTAssertEqual(file.headers.first(name: .eTag), "\"\(FileSystemBlobStore.sha256(Self.pdf))\"")
        for directory in [test.app.madoguchi.configuration.dataDirectory, other.madoguchi.configuration.dataDirectory] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/blobs"), "no file on an instance's disk: \(directory)")
        }
    }
}
