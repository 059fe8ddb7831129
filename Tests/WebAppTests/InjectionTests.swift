import Foundation
import Forms
import MadoguchiCore
import Shelters
import Surveys
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Hostile values in every echoed or stored field must stay text: a crawler signs in as every role
/// (and as an anonymous resident), follows every link, submits every form with hostile values in its
/// text fields (so they are stored: names, titles, notes…, and echoed: hidden fields, search boxes),
/// visits every page again with hostile query parameters, and hands every HTML page to a real HTML5
/// parser (html5lib). No element or attribute may appear that the page did not put there, and every
/// HTML route the application registers must have been rendered, so a new page is covered or fails.
final class InjectionTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws {
        try PythonPeer.require(modules: "html5lib", missing: "html5lib (pip install -r Tests/WebAppTests/python/requirements.txt)")
        test = try await makeTestApp()
    }


    /// Breaks out of a double- or single-quoted attribute, opens an element, and tries a meta refresh.
    static let hostile = #"x"' data-inj="1" y='"><x-inj></x-inj><meta http-equiv="refresh" content="0;url=https://evil.example/">"#
    static let marker = "inj"

    func testNoHostileValueBecomesMarkupOnAnyPage() async throws {
        let pages = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-injection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: pages) }
        let crawler = Crawler(app: test.app, hostile: Self.hostile, output: pages)

        try await seedHostileRecords()
        let roles: [Role?] = [nil] + Role.allCases
        for role in roles {
            let browser = Browser(app: test.app)
            if let role { _ = try await browser.signIn(role.rawValue, password: test.password) }
            try await crawler.crawl(as: browser, from: Self.entryPoints(signedIn: role != nil), staffOnly: role != nil, submitForms: true)
        }
        // Second pass: every page again, now that the forms above stored hostile values.
        for role in roles {
            let browser = Browser(app: test.app)
            if let role { _ = try await browser.signIn(role.rawValue, password: test.password) }
            try await crawler.crawl(as: browser, from: Self.entryPoints(signedIn: role != nil), staffOnly: role != nil, submitForms: false)
        }

        let unvisited = Self.htmlRoutes(of: test.app).filter { route in !crawler.visited.contains { Self.matches(path: $0, route: route) } }
        XCTAssertEqual(unvisited, [], "HTML routes the crawler never rendered: link them from a page or add an entry point")
        XCTAssertEqual(crawler.serverErrors, [], "pages that answered 5xx to hostile values")
        print("crawler: \(crawler.savedPages.count) pages, \(crawler.submittedForms) forms")
        XCTAssertGreaterThan(crawler.savedPages.count, 50)
        XCTAssertGreaterThan(crawler.submittedForms, 10)

        let (status, output) = try await PythonPeer.run("Tests/WebAppTests/python/find_injected_markup.py",
                                                        [Self.marker, pages.path])
        XCTAssertEqual(status, 0, "markup from hostile values:\n" + output.split(separator: "\n").prefix(40).joined(separator: "\n")
                                    + "\n" + crawler.describe(output))
    }

    /// The escaping point itself: every character that could end an attribute becomes an entity.
    func testAttributeEscapingOfEveryQuoteAndBracket() {
        XCTAssertEqual(HTMLEscaping.attribute(#"a"b'c<d>e&f"#), "a&quot;b&#39;c&lt;d&gt;e&amp;f")
        XCTAssertEqual(HTMLEscaping.attribute("国立市 plain"), "国立市 plain")
        XCTAssertEqual(HTMLEscaping.attribute(""), "")
    }

    /// Records whose titles and names staff control and that no form in the crawl creates as easily:
    /// an edited form title (the meta-refresh attack of the issue) and a dataset made through the CKAN API.
    private func seedHostileRecords() async throws {
        let staff = Browser(app: test.app)
        _ = try await staff.signIn("department_staff", password: test.password)
        let shipped = try XCTUnwrap(FormEditor.shippedTexts["move-out"])
        let token = try await staff.csrfToken(from: "/132152/staff/forms/move-out")
        let json = String(data: try JSONEncoder().encode(Self.hostile), encoding: .utf8)!
        let edited = shipped.replacingOccurrences(of: #""ja": "転出届""#, with: #""ja": \#(json)"#)
        XCTAssertNotEqual(edited, shipped)
        let saved = try await staff.post("/132152/staff/forms/move-out", form: ["_csrf": token, "definition": edited])
        XCTAssertEqual(saved.status, .ok, "the hostile form title is stored")

        // A department with a hostile name, and a published dataset with a hostile title, for the public and staff dataset pages.
        _ = try await test.app.madoguchi.municipalities.addDepartment(to: test.kunitachi, code: "seisaku", name: Self.hostile,
                                                                      nameEnglish: Self.hostile, by: .system, origin: .none, on: test.app.db)
        let admin = Browser(app: test.app)
        _ = try await admin.signIn("municipality_administrator", password: test.password)
        let datasetToken = try await admin.csrfToken(from: "/132152/staff/datasets")
        let created = try await admin.post("/132152/staff/datasets", form: ["_csrf": datasetToken, "name": "inj-dataset", "title": Self.hostile])
        let dataset = try XCTUnwrap(created.headers.first(name: .location), created.body.string)
        let uploaded = try await admin.postMultipart(dataset + "/resources", form: ["_csrf": datasetToken],
                                                     files: [(field: "file", filename: "list.csv", data: Data("名称,備考\n市役所,\(Self.hostile)\n".utf8))])
        XCTAssertLessThan(uploaded.status.code, 500)
        let published = try await admin.post(dataset + "/publish", form: ["_csrf": datasetToken])
        XCTAssertEqual(published.status, .ok, "the dataset is published")

        // A shelter whose name, address and area are hostile, for the public and staff shelter pages.
        let table = try ShelterTable(header: ["NO", "名称", "住所", "想定収容人数", "対象となる町会・自治会"],
                                     rows: [["1", Self.hostile, Self.hostile, "100", Self.hostile]])
        _ = try await test.app.madoguchi.shelters.importTable(table, kind: "evacuation_shelter", municipalityID: test.kunitachi.requireID(),
                                                              by: .system, on: test.app.db)

        // A published notice with a hostile title and a file whose name is hostile, for the notice pages' attachment lists.
        let notice = try await test.createNotice(by: admin, [("title", Self.hostile), ("body", Self.hostile), ("category", "kurashi")])
        let attachments = "/132152/staff/notices/\(notice)/attachments"
        let attached = try await admin.postMultipart(attachments, form: ["_csrf": try await admin.csrfToken(from: attachments)],
                                                     files: [(field: "file", filename: "x' data-inj='1' y='<x-inj></x-inj>.txt", data: Data("お知らせの資料\n".utf8))])
        XCTAssertEqual(attached.status, .seeOther, attached.body.string)
        let noticePublished = try await admin.postPairs("/132152/staff/notices/\(notice)/publish", [])
        XCTAssertEqual(noticePublished.status, .seeOther, "the notice with its file is published")

        // A webhook endpoint whose description and URL path are hostile, for the webhook pages (its latest
        // messages list the hostile notice's reference once the fan-out has run).
        let hook = try await admin.postPairs("/132152/staff/webhooks", [("url", "https://example.jp/hook?q=" + Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!),
                                                                         ("description", Self.hostile), ("categories[]", "kurashi"), ("alerts", "1"), ("active", "1")])
        XCTAssertEqual(hook.status, .ok, hook.body.string)
        await DeclaredJobs.runRound(try XCTUnwrap(test.app.madoguchi.manifests.flatMap(\.jobs).first { $0.name == "notices.fanout" }), app: test.app)

        // The demo's 施策 (seed 000) and 事務事業 (seed 004), so their sheets and evaluation forms are crawled
        // (the forms then store hostile values in the evaluation's texts).
        try await DemoMeasure.load(app: test.app, municipality: test.kunitachi)
        try await DemoProgramme.load(app: test.app, municipality: test.kunitachi)

        // An open 市民意識調査 whose title, areas, questions and options are hostile (linked from /results,
        // so the anonymous crawl answers it), and the demo's closed one for the published breakdowns.
        var survey = SurveyDraft(form: ["title_ja": Self.hostile, "title_en": Self.hostile, "fiscal_year": "2026", "areas": Self.hostile,
                                        "q1_text_ja": Self.hostile, "q1_text_en": Self.hostile, "q1_choices": "*\(Self.hostile)\n\(Self.hostile)\nいいえ / \(Self.hostile)",
                                        "q1_indicator": "indicators.survey_privacy_protected"])
        survey.questions[1] = SurveyDraft.Question(textJA: "設問", choices: "はい\nいいえ")
        try await SurveyCommands(audit: test.app.madoguchi.audit).create(survey, municipalityID: test.kunitachi.requireID(), by: .system, on: test.app.db)
        try await DemoSurvey.load(app: test.app, municipality: test.kunitachi)

        // A submitted online application whose free-text answers are hostile.
        let resident = Browser(app: test.app)
        func post(_ page: String, _ extra: [String: String]) async throws -> XCTHTTPResponse {
            var form = hiddenFields(page)
            form.merge(extra) { _, new in new }
            return try await resident.post("/132152/forms/move-out", form: form)
        }
        let first = try await resident.get("/132152/forms/move-out")
        let second = try await post(first.body.string, ["go": "next", "v.move_date": CivilDate.today().adding(days: 10).description,
                                                        "v.household_moving": "all", "v.new_address": Self.hostile])
        let confirm = try await post(second.body.string, ["go": "next", "v.name": "山田 花子", "v.name_kana": "ヤマダ ハナコ",
                                                          "v.birth_date": "1955-01-02", "v.postal_code": "186-8501",
                                                          "v.address": Self.hostile, "v.phone": "042-576-2111",
                                                          "v.email": "hanako@example.jp", "v.agree": "on"])
        XCTAssertTrue(confirm.body.string.contains("入力内容の確認"), "the hostile answers reach the confirmation page")
        let submitted = try await post(confirm.body.string, ["go": "submit"])
        XCTAssertEqual(submitted.status, .ok, "the application is submitted")
    }

    static func entryPoints(signedIn: Bool) -> [String] {
        let paths = ["/", "/132152/", "/132152/life-events", "/132152/dataset", "/132152/forms", "/132152/forms/status",
                     "/132152/privacy", "/132152/privacy/requests/new", "/132152/standards", "/132152/forms/resume/unknown-token",
                     "/132152/dataset/unknown", "/132152/no-such-page", "/132152/privacy/requests/received",
                     "/132152/alerts", "/132152/shelters", "/132152/notices/subscribe/confirm/unknown-token",
                     "/132152/notices/subscription/unknown-token", "/132152/notices/unsubscribe/unknown-token"]
        return signedIn ? ["/132152/staff", "/132152/staff/login"] : paths + ["/132152/staff/login"]
    }

    /// The GET routes that answer with an HTML page (files, feeds and JSON are not pages).
    static func htmlRoutes(of app: Application) -> [String] {
        let notPages = [".csv", ".ttl", ".jsonld", ".json", "download", "static", "healthz", "metrics", "api", "openapi", "slip", "attachments",
                        ".atom", ".rss", "/cap/", ".geojson", "/exports/"]
        return app.routes.all.filter { $0.method == .GET }
            .map { "/" + $0.path.map(\.description).joined(separator: "/") }
            .filter { path in !notPages.contains { path.contains($0) } }
            .sorted()
    }

    static func matches(path: String, route: String) -> Bool {
        let a = path.split(separator: "/", omittingEmptySubsequences: true)
        let b = route.split(separator: "/", omittingEmptySubsequences: true)
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $1.hasPrefix(":") || $0 == $1 }
    }
}

/// Follows links and submits forms the way a person would, with hostile values typed into every text field.
final class Crawler: @unchecked Sendable {
    let app: Application
    let hostile: String
    let output: URL
    private(set) var visited: Set<String> = []
    private(set) var savedPages: [URL] = []
    private(set) var serverErrors: [String] = []
    private(set) var submittedForms = 0
    private var pageSources: [String: String] = [:]
    private var submittedShapes: Set<String> = []
    /// Bounds one crawl (requests per role and pass), so a link loop cannot run away.
    let maxRequests = 400

    init(app: Application, hostile: String, output: URL) {
        self.app = app
        self.hostile = hostile
        self.output = output
    }

    /// `staffOnly`: a signed-in crawl follows only staff links; the public pages are the anonymous crawl's.
    func crawl(as browser: Browser, from entries: [String], staffOnly: Bool, submitForms: Bool) async throws {
        var queue = entries
        var seen = Set<String>()
        var requests = 0
        while !queue.isEmpty, requests < maxRequests {
            let path = queue.removeFirst()
            let shape = Self.shape(of: path)
            guard !seen.contains(shape), !staffOnly || path.contains("/staff") || entries.contains(path) else { continue }
            seen.insert(shape)
            for target in [path, withHostileQuery(path)] {
                requests += 1
                let response = try await browser.get(target)
                record(response, for: target)
                guard response.status == .ok, Self.isHTML(response) else { continue }
                let html = response.body.string
                queue += Self.links(in: html).filter { !seen.contains(Self.shape(of: $0)) }
                if submitForms {
                    for form in Self.forms(in: html) where !submittedShapes.contains(form.shape) && form.isSafeToSubmit {
                        submittedShapes.insert(form.shape)
                        requests += 1
                        let answer = try await submit(form, as: browser)
                        record(answer, for: "POST " + form.action)
                        if [.seeOther, .found, .movedPermanently].contains(answer.status), let location = answer.headers.first(name: .location) {
                            queue.append(location)
                        } else if Self.isHTML(answer) {
                            queue += Self.links(in: answer.body.string).filter { !seen.contains(Self.shape(of: $0)) }
                        }
                    }
                }
            }
        }
    }

    private func submit(_ form: Form, as browser: Browser) async throws -> XCTHTTPResponse {
        submittedForms += 1
        var values: [String: String] = [:]
        for field in form.fields {
            values[field.name] = field.isTextual ? hostileValue(for: field) : field.value
        }
        if form.multipart { return try await browser.postMultipart(form.action, form: values, files: []) }
        return try await browser.post(form.action, form: values, csrf: false)
    }

    /// Hostile text where any text is allowed; a well-formed value where the field's type demands one, so
    /// the form goes through and stores the hostile values of its other fields.
    private func hostileValue(for field: Form.Field) -> String {
        switch field.type {
        case "date": return "2026-04-01"
        case "email": return "resident@example.jp"
        case "number": return "1"
        case "tel": return "042-576-2111"
        case "password": return hostile
        default:
            if field.name.contains("date") { return "2026-04-01" }
            if field.name.contains("postal") { return "186-8501" }
            if field.name.contains("email") { return "resident@example.jp" }
            if field.name == "login_name" || field.name.hasSuffix("_code") || field.name == "code" { return field.value.isEmpty ? "inj-\(submittedForms)" : field.value }
            return hostile
        }
    }

    private func withHostileQuery(_ path: String) -> String {
        let keys = ["q", "page", "res_format", "tags", "organization", "groups", "license_id", "sort", "desk", "status", "event", "action", "lang"]
        let query = keys.map { "\($0)=\(Browser.escape(hostile))" }.joined(separator: "&")
        return path + (path.contains("?") ? "&" : "?") + query
    }

    private func record(_ response: XCTHTTPResponse, for target: String) {
        let path = String(target.split(separator: "?", maxSplits: 1).first ?? "")
        if !target.hasPrefix("POST "), response.status.code < 500, Self.isHTML(response) { visited.insert(path) }
        if response.status.code >= 500 { serverErrors.append("\(response.status.code) \(target)") }
        guard Self.isHTML(response) else { return }
        let file = output.appendingPathComponent("page-\(savedPages.count).html")
        try? Data(response.body.string.utf8).write(to: file)
        pageSources[file.path] = target
        savedPages.append(file)
    }

    /// Which request produced each page the parser complained about.
    func describe(_ parserOutput: String) -> String {
        parserOutput.split(separator: "\n").prefix(40).compactMap { line in
            pageSources.first { line.contains($0.key) }.map { "\($0.key) <- \($0.value)" }
        }.joined(separator: "\n")
    }

    static func isHTML(_ response: XCTHTTPResponse) -> Bool {
        response.headers.contentType?.description.hasPrefix("text/html") == true
    }

    /// A path with its ids replaced, so one dataset, session or application stands for all of them.
    static func shape(of path: String) -> String {
        let bare = path.split(separator: "#").first.map(String.init) ?? path
        let (route, query) = bare.split(separator: "?", maxSplits: 1).map(String.init).splitPair
        let parts = route.split(separator: "/").map { part -> String in
            part.count >= 32 || UUID(uuidString: String(part)) != nil ? ":id" : String(part)
        }
        let keys = (query ?? "").split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }.sorted()
        return "/" + parts.joined(separator: "/") + "?" + keys.joined(separator: "&")
    }

    static func links(in html: String) -> [String] {
        attributeValues(named: "href", in: html).filter { href in
            href.hasPrefix("/") && !href.hasPrefix("//") && !href.contains("/static/") && !href.contains("logout")
        }.map { String($0.split(separator: "#").first ?? "") }.filter { !$0.isEmpty }
    }

    static func attributeValues(named name: String, in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "\\s\(name)=\"([^\"]*)\"")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            unescapeAttribute(String(html[Range($0.range(at: 1), in: html)!]))
        }
    }


    struct Form {
        struct Field {
            var name: String
            var type: String
            var value: String
            var isTextual: Bool { ["text", "textarea", "search", "", "date", "email", "number", "tel", "url", "password"].contains(type) }
        }

        var action: String
        var multipart: Bool
        var fields: [Field]
        var shape: String { Crawler.shape(of: action) + "|" + fields.map(\.name).sorted().joined(separator: ",") }
        /// Forms the crawler leaves alone: signing out, deleting, reverting, and the sign-in form
        /// (a wrong password would lock the test accounts).
        var isSafeToSubmit: Bool {
            !["logout", "delete", "revert", "/login", "password"].contains { action.contains($0) }
        }
    }

    /// Every `<form method="post">` with its fields: inputs (checked boxes only), textareas, the
    /// first option of each select, and the form's primary button.
    static func forms(in html: String) -> [Form] {
        let formPattern = try! NSRegularExpression(pattern: "<form([^>]*)>(.*?)</form>", options: [.dotMatchesLineSeparators])
        let tagPattern = try! NSRegularExpression(pattern: "<(input|textarea|select|button)([^>]*)>", options: [])
        var forms: [Form] = []
        for match in formPattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let head = String(html[Range(match.range(at: 1), in: html)!])
            let body = String(html[Range(match.range(at: 2), in: html)!])
            let headAttributes = attributes(head)
            guard headAttributes["method"]?.lowercased() == "post", let action = headAttributes["action"], action.hasPrefix("/") else { continue }
            var fields: [Form.Field] = []
            var pressedButton = false
            for tag in tagPattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
                let kind = String(body[Range(tag.range(at: 1), in: body)!])
                let a = attributes(String(body[Range(tag.range(at: 2), in: body)!]))
                guard let name = a["name"] else { continue }
                switch kind {
                case "input":
                    let type = a["type"] ?? "text"
                    if type == "file" || type == "submit" { continue }
                    if (type == "checkbox" || type == "radio") && a["checked"] == nil { continue }
                    fields.append(.init(name: name, type: type, value: a["value"] ?? ""))
                case "textarea":
                    fields.append(.init(name: name, type: "textarea", value: ""))
                case "select":
                    let rest = body[Range(tag.range, in: body)!.upperBound...]
                    let option = attributeValues(named: "value", in: String(rest.prefix(2000))).first ?? ""
                    fields.append(.init(name: name, type: "select", value: option))
                default:
                    if !pressedButton { fields.append(.init(name: name, type: "button", value: a["value"] ?? "")); pressedButton = true }
                }
            }
            forms.append(Form(action: action, multipart: headAttributes["enctype"]?.contains("multipart") == true, fields: fields))
        }
        return forms
    }

    static func attributes(_ tagBody: String) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: "([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?")
        var result: [String: String] = [:]
        for m in pattern.matches(in: tagBody, range: NSRange(tagBody.startIndex..., in: tagBody)) {
            let name = String(tagBody[Range(m.range(at: 1), in: tagBody)!]).lowercased()
            let value = Range(m.range(at: 2), in: tagBody).map { unescapeAttribute(String(tagBody[$0])) } ?? ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }
}

private extension Array where Element == String {
    var splitPair: (String, String?) { (first ?? "", count > 1 ? self[1] : nil) }
}
