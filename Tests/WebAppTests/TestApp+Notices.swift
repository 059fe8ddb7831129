import Foundation
import NIOCore
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

extension Browser {
    /// A form POST with repeated keys (`areas[]=a&areas[]=b`), as a browser sends checkboxes.
    @discardableResult
    func postPairs(_ path: String, _ pairs: [(String, String)]) async throws -> XCTHTTPResponse {
        let token = try await csrfToken()
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        headers.contentType = .urlEncodedForm
        let body = ([("_csrf", token)] + pairs).map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await app.sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestApp {
    /// A browser signed in as the test account of `role` (login name = the role's raw value).
    func signedIn(_ login: String) async throws -> Browser {
        let browser = Browser(app: app)
        let response = try await browser.signIn(login, password: password)
        XCTAssertEqual(response.status, .seeOther, "sign-in of \(login)")
        return browser
    }

    /// Adds Kunitachi's areas naka-1, naka-2 and yaho through the staff screen.
    func addNoticeAreas(by admin: Browser) async throws {
        for (code, name, households, people) in [("naka-1", "中一丁目", "1200", "2500"), ("naka-2", "中二丁目", "800", "1700"), ("yaho", "谷保", "", "")] {
            let response = try await admin.postPairs("/132152/staff/notices/areas", [("code", code), ("name", name), ("name_en", code),
                                                                                    ("households", households), ("population", people)])
            XCTAssertEqual(response.status, .seeOther, response.body.string)
        }
    }

    /// Creates a notice through the staff screen; returns its id (from the redirect).
    func createNotice(by browser: Browser, _ fields: [(String, String)]) async throws -> String {
        let response = try await browser.postPairs("/132152/staff/notices", fields)
        XCTAssertEqual(response.status, .seeOther, response.body.string)
        let location = try XCTUnwrap(response.headers.first(name: .location))
        return String(location.split(separator: "/").last!)
    }
}

/// Runs a Python peer on documents written to a temporary folder; returns its status and output.
func runPythonOnDocuments(_ script: String, _ documents: [String], suffix: String) async throws -> (status: Int32, output: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-docs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (i, document) in documents.enumerated() {
        let file = folder.appendingPathComponent("doc\(i).\(suffix)")
        try Data(document.utf8).write(to: file)
        paths.append(file.path)
    }
    return try await PythonPeer.run(script, paths)
}
