import FluentKit
import FluentPostgresDriver
import Foundation
import MadoguchiCore
import SQLKit
import Vapor
@testable import WebApp
import XCTVapor

/// An application for one test: a fresh temporary SQLite file, or the PostgreSQL database in
/// `DATABASE_URL` with its schema emptied, migrated, with two municipalities and one staff
/// account per role in the first.
struct TestApp {
    let app: Application
    let kunitachi: Municipality
    let musashimurayama: Municipality
    /// Login names by role, all with `password`.
    let password = "correct horse battery"

    /// `extraEnvironment` adds settings (e.g. the SMTP relay) to the test's configuration.
    static func make(extraEnvironment: [String: String] = [:]) async throws -> TestApp {
        let app = try await Application.make(.testing)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-\(UUID().uuidString)").path
        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DEMO"] = "false"
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys
        environment["MADOGUCHI_RETENTION_INTERVAL_SECONDS"] = "0"
        environment.merge(extraEnvironment) { _, extra in extra }
        if environment["DATABASE_URL"]?.hasPrefix("postgres") == true {
            try await resetPostgres(url: environment["DATABASE_URL"]!)
        } else {
            environment["DATABASE_URL"] = nil
        }
        let configuration = try Configuration.resolve(environment: environment, overrides: .init(dataDirectory: dataDirectory))
        do {
            try await configure(app, configuration: configuration, passwordCost: 4)
            let services = app.madoguchi
            let kunitachi = try await services.municipalities.create(
                .init(code: "132152", name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76_000),
                by: .system, origin: .none, on: app.db)
            let musashimurayama = try await services.municipalities.create(
                .init(code: "132233", name: "武蔵村山市", nameEnglish: "Musashimurayama", prefecture: "東京都", population: 70_000),
                by: .system, origin: .none, on: app.db)
            let test = TestApp(app: app, kunitachi: kunitachi, musashimurayama: musashimurayama)
            for role in Role.allCases {
                try await services.staffAccounts.create(municipalityID: kunitachi.requireID(), departmentID: nil,
                                                        loginName: role.rawValue, displayName: role.rawValue,
                                                        password: test.password, roles: [role], by: .system,
                                                        origin: .none, on: app.db)
            }
            try await services.staffAccounts.create(municipalityID: musashimurayama.requireID(), departmentID: nil,
                                                    loginName: "auditor", displayName: "auditor", password: test.password,
                                                    roles: [.auditor], by: .system, origin: .none, on: app.db)
            return test
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Empties the PostgreSQL schema so each test starts from nothing.
    static func resetPostgres(url: String) async throws {
        let scratch = try await Application.make(.testing)
        scratch.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        do {
            let sql = try scratch.db.sql(for: "emptying the test schema")
            try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        } catch {
            try? await scratch.asyncShutdown()
            throw error
        }
        try await scratch.asyncShutdown()
    }

    /// Stops the HTTP server if a test started one, then the application. Safe to call twice (a test
    /// may stop its application early; the teardown block of `XCTestCase.makeTestApp` runs anyway).
    func shutdown() async throws {
        guard !app.didShutdown else { return }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    /// The field-encryption key ring of every test instance (a fixed test key, never a real one).
    static let fieldKeys = "test1:" + Data(repeating: 7, count: 32).base64EncodedString()
}

extension XCTestCase {
    /// The one way a test gets an application: `TestApp.make`, with an XCTest teardown block that
    /// shuts it down however the test ends (a failed `try` or assertion included), so a failing test
    /// never leaks a running application into the next one. Call it in a test or in `setUp`.
    func makeTestApp(extraEnvironment: [String: String] = [:]) async throws -> TestApp {
        let test = try await TestApp.make(extraEnvironment: extraEnvironment)
        addTeardownBlock { try await test.shutdown() }
        return test
    }

    /// `LiveServer.start` (an application serving on a real socket at its configured public URL),
    /// shut down, server first, by a teardown block however the test ends.
    func startLiveServer(extraEnvironment: [String: String] = [:]) async throws -> (test: TestApp, port: Int) {
        let (test, port) = try await LiveServer.start(extraEnvironment: extraEnvironment)
        addTeardownBlock { try await test.shutdown() }
        return (test, port)
    }
}

/// The hidden fields of a page's forms, as a browser would send them back.
func hiddenFields(_ html: String) -> [String: String] {
    var fields: [String: String] = [:]
    let pattern = try! NSRegularExpression(pattern: #"<input type="hidden" name="([^"]+)" value="([^"]*)""#)
    for m in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
        fields[String(html[Range(m.range(at: 1), in: html)!])] = unescapeAttribute(String(html[Range(m.range(at: 2), in: html)!]))
    }
    return fields
}

/// An attribute value as a browser reads it (pages escape `&"'<>` through `HTMLEscaping`).
func unescapeAttribute(_ s: String) -> String {
    s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&amp;", with: "&")
}

/// A browser-like client: keeps the session cookie and reads CSRF tokens from forms.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> XCTHTTPResponse {
        var headers = extra
        addCookies(&headers)
        let response = try await app.sendRequest(.GET, path, headers: headers)
        keepCookies(response)
        return response
    }

    @discardableResult
    func post(_ path: String, form: [String: String], csrf: Bool = true) async throws -> XCTHTTPResponse {
        var fields = form
        if csrf, fields["_csrf"] == nil { fields["_csrf"] = try await csrfToken() }
        var headers = HTTPHeaders()
        addCookies(&headers)
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.joined(separator: "&")
        let response = try await app.sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        keepCookies(response)
        return response
    }

    /// A multipart/form-data POST, as a browser sends a form with file inputs.
    @discardableResult
    func postMultipart(_ path: String, form: [String: String], files: [(field: String, filename: String, data: Data)]) async throws -> XCTHTTPResponse {
        let boundary = "----madoguchi-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in form {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        addCookies(&headers)
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: body))
        keepCookies(response)
        return response
    }

    /// The CSRF token the session holds, read from the sign-in form like a browser would.
    func csrfToken(from path: String = "/132152/staff/login") async throws -> String {
        let page = try await get(path).body.string
        guard let range = page.range(of: #"name="_csrf" value=""#) else { throw Abort(.internalServerError, reason: "no csrf field on \(path)") }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    func signIn(_ login: String, password: String, municipality: String = "132152") async throws -> XCTHTTPResponse {
        let token = try await csrfToken(from: "/\(municipality)/staff/login")
        return try await post("/\(municipality)/staff/login", form: ["login_name": login, "password": password, "_csrf": token])
    }

    private func addCookies(_ headers: inout HTTPHeaders) {
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
    }

    private func keepCookies(_ response: XCTHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") || header.contains("Expires=Thu, 01 Jan 1970") {
                cookies[String(pair[0])] = nil
            } else {
                cookies[String(pair[0])] = String(pair[1])
            }
        }
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

extension TestApp {
    /// Opens the database a command-line run uses (no reset), with municipalities, so entries exist.
    static func makeAttached(environment: [String: String]) async throws -> (db: any Database, shutdown: () async throws -> Void) {
        let app = try await Application.make(.testing)
        var env = environment
        env["MADOGUCHI_DEMO"] = "false"
        env["MADOGUCHI_FIELD_KEYS"] = env["MADOGUCHI_FIELD_KEYS"] ?? TestApp.fieldKeys
        let configuration = try Configuration.resolve(environment: env)
        try await configure(app, configuration: configuration, passwordCost: 4)
        for code in ["132152", "132233"] {
            _ = try await app.madoguchi.municipalities.create(
                .init(code: code, name: code, nameEnglish: code, prefecture: "東京都", population: 1),
                by: .system, origin: .none, on: app.db)
        }
        return (app.db, { try await app.asyncShutdown() })
    }
}

extension TestApp {
    /// Starts the HTTP server on a port the kernel picks (never one already in use) and returns it.
    func startServer() async throws -> Int {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = (app.server as? FrontServer)?.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
        return port
    }
}
