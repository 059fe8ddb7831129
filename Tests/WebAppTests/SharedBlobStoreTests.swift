import Catalog
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor
import XCTest

/// Where uploaded files go: with PostgreSQL into the database (so every instance serves every
/// file and none lives on one instance's disk), with SQLite under `<data-dir>/blobs`; downloads
/// stream from the store with their length and hash.
final class SharedBlobStoreTests: XCTestCase {
    /// About 1.2 MB of plain figures (five chunks), nothing the publish guard objects to.
    static let figures = Data(("番号,値\n" + (1...120_000).map { "\($0 % 1000),\($0 % 97)\n" }.joined()).utf8)

    func testAFileUploadedThroughOneInstanceDownloadsFromAnotherWithItsOwnDataDirectory() async throws {
        try XCTSkipUnless(TestDatabase.isPostgres, "several instances share one database only on PostgreSQL (set DATABASE_URL)")
        let (test, port) = try await startLiveServer()
        try await addDepartment(test)
        let (other, otherPort) = try await startAnotherInstance(of: test, ownDataDirectory: true)

        let staff = try SocketBrowser(port: port)
        addTeardownBlock { try await staff.shutdown() }
        try await staff.signIn("municipality_administrator", password: test.password)
        let path = try await staff.draft(name: "figures", title: "統計表")
        let uploaded = try await staff.upload(to: path, fileName: "figures.csv", data: Self.figures)
        XCTAssertEqual(uploaded.status, .seeOther, uploaded.text)
        let published = try await staff.postForm(path + "/publish", fields: ["_csrf": try await staff.csrfToken(from: path)])
        XCTAssertEqual(published.status, .ok, published.text)

        let resident = try SocketBrowser(port: otherPort)
        addTeardownBlock { try await resident.shutdown() }
        let page = try await resident.get("/132152/dataset/figures")
        XCTAssertEqual(page.status, .ok)
        let link = try XCTUnwrap(page.text.range(of: #"/132152/dataset/[0-9a-f-]{36}/resource/[0-9a-f-]{36}/download/[^"]+"#, options: .regularExpression))
        let file = try await resident.get(String(page.text[link]))
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(file.body, Self.figures, "the other instance serves the same bytes")
        XCTAssertEqual(file.headers.first(name: .contentLength), String(Self.figures.count))
        XCTAssertEqual(file.headers.first(name: .eTag), "\"\(FileSystemBlobStore.sha256(Self.figures))\"")
        for directory in [test.app.madoguchi.configuration.dataDirectory, other.madoguchi.configuration.dataDirectory] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/blobs"), "no file on an instance's disk: \(directory)")
        }
    }

    func testUploadsGoToTheEnginesStoreAndDownloadsKeepTheirHeaders() async throws {
        let test = try await makeTestApp()
        try await addDepartment(test)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let created = try await admin.post("/132152/staff/datasets", form: ["name": "figures", "title": "統計表"])
        let path = try XCTUnwrap(created.headers.first(name: .location))
        let uploaded = try await admin.postMultipart(path + "/resources", form: ["_csrf": try await admin.csrfToken(from: path)],
                                                     files: [(field: "file", filename: "figures.csv", data: Self.figures)])
        XCTAssertEqual(uploaded.status, .seeOther, uploaded.body.string)
        let published = try await admin.post(path + "/publish", form: [:])
        XCTAssertEqual(published.status, .ok, published.body.string)

        let page = try await test.app.sendRequest(.GET, "/132152/dataset/figures").body.string
        let link = try XCTUnwrap(page.range(of: #"/132152/dataset/[0-9a-f-]{36}/resource/[0-9a-f-]{36}/download/[^"]+"#, options: .regularExpression))
        let file = try await test.app.sendRequest(.GET, String(page[link]))
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(Data(buffer: file.body), Self.figures)
        XCTAssertEqual(file.headers.first(name: .contentLength), String(Self.figures.count))
        XCTAssertEqual(file.headers.first(name: .eTag), "\"\(FileSystemBlobStore.sha256(Self.figures))\"")
        XCTAssertEqual(file.headers.first(name: .contentType), "text/csv")
        XCTAssertEqual(file.headers.first(name: "X-Content-Type-Options"), "nosniff")

        let sql = try test.app.db.sql(for: "the test")
        let rows = try await sql.raw("SELECT COUNT(*) AS n FROM catalog_blob_chunks").first()?.decode(column: "n", as: Int.self)
        let folder = test.app.madoguchi.configuration.dataDirectory + "/blobs/sha256"
        if TestDatabase.isPostgres {
            XCTAssertEqual(rows, (Self.figures.count + BlobChunks.size - 1) / BlobChunks.size, "in the database, a row a chunk")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
        } else {
            XCTAssertEqual(rows, 0)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder), "one instance over SQLite keeps files in its data directory")
        }
    }

    /// A deployment that kept files in its data directory before the database store finds them
    /// there after the next start: they are copied in (PostgreSQL).
    func testFilesKeptInTheDataDirectoryAreCopiedIntoTheDatabaseAtStart() async throws {
        try XCTSkipUnless(TestDatabase.isPostgres, "the database store is PostgreSQL's")
        let test = try await makeTestApp()
        let folder = test.app.madoguchi.folderBlobStore
        let kept = try await folder.put(Self.figures)
        try await test.app.copyBlobFolderIntoSharedStore()
        let shared = try XCTUnwrap(test.app.madoguchi.sharedBlobStore)
        let copied = try await shared.get(kept.sha256)
        XCTAssertEqual(copied, Self.figures)
    }

    private func addDepartment(_ test: TestApp) async throws {
        _ = try await test.app.madoguchi.municipalities.addDepartment(to: test.kunitachi, code: "toukei", name: "統計係", nameEnglish: "Statistics",
                                                                      by: .system, origin: .none, on: test.app.db)
    }
}

/// A browser over a real socket: sends back the cookies it was given (as a browser does on
/// 127.0.0.1, Secure ones included), reads form tokens from pages, never follows a redirect.
final class SocketBrowser: @unchecked Sendable {
    struct Answer {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let port: Int
    let client: HTTPClient
    var cookies: [String: String] = [:]

    init(port: Int) throws {
        self.port = port
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
    }

    func shutdown() async throws { try await client.shutdown() }

    func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Answer {
        var headers = extra
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let request = try HTTPClient.Request(url: "http://127.0.0.1:\(port)\(path)", method: method, headers: headers,
                                             body: body.map { .byteBuffer($0) })
        let response = try await client.execute(request: request).get()
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = header.contains("Max-Age=0") ? nil : String(pair[1])
        }
        return Answer(status: response.status, headers: response.headers, body: response.body.map { Data(buffer: $0) } ?? Data())
    }

    func get(_ path: String) async throws -> Answer { try await send(.GET, path) }

    func postForm(_ path: String, fields: [String: String]) async throws -> Answer {
        let body = fields.map { "\(Browser.escape($0.key))=\(Browser.escape($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    func csrfToken(from path: String) async throws -> String {
        let page = try await get(path).text
        guard let range = page.range(of: #"name="_csrf" value=""#) else { throw Abort(.internalServerError, reason: "no form token on \(path)") }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    func signIn(_ login: String, password: String) async throws {
        let token = try await csrfToken(from: "/132152/staff/login")
        let answer = try await postForm("/132152/staff/login", fields: ["login_name": login, "password": password, "_csrf": token])
        guard answer.status == .seeOther else { throw Abort(answer.status, reason: "sign-in failed") }
    }

    /// Starts a draft dataset through the staff screen; returns its staff page's path.
    func draft(name: String, title: String) async throws -> String {
        let token = try await csrfToken(from: "/132152/staff/datasets")
        let answer = try await postForm("/132152/staff/datasets", fields: ["_csrf": token, "name": name, "title": title])
        guard let location = answer.headers.first(name: .location) else { throw Abort(answer.status, reason: answer.text) }
        return location
    }

    func upload(to path: String, fileName: String, data: Data) async throws -> Answer {
        let token = try await csrfToken(from: path)
        let boundary = "----madoguchi-socket-\(UUID().uuidString)"
        var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(.POST, path + "/resources", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }
}
