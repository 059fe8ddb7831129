import FluentKit
import Forms
import Foundation
import MadoguchiCore
import Mail
import Privacy
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// What a demo-like run leaves behind, through the public interfaces, in every encrypted column:
/// a counter session, an online application with an attachment (and its receipt mail), a saved
/// draft (and its resume mail), a disclosure request with a contact, and an unconfirmed mail subscription (and its confirmation mail).
struct DemoRecords {
    let counterSession: String
    let application: String
    let attachment: String
    let privacyRequest: String

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x42, count: 1024)
    static let draftAddress = "東京都立川市泉町1156-9"
    static let requestSubject = "母の死亡に関する窓口記録"
}

/// A transport that keeps what it is handed (the outbox decrypts each message to send it).
final class CapturingMailTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [MailMessage] = []

    var sent: [MailMessage] { lock.withLock { messages } }

    func send(_ message: MailMessage, from: String) async throws {
        lock.withLock { messages.append(message) }
    }
}

extension TestApp {
    /// Fills every encrypted column the shipped modules declare, as residents and staff would.
    func demoRun() async throws -> DemoRecords {
        // 書かない窓口: counter staff save a session.
        let counter = Browser(app: app)
        _ = try await counter.signIn("counter_staff", password: password)
        let ctoken = try await counter.csrfToken(from: "/132152/staff/counter")
        let session = try await counter.post("/132152/staff/counter", form: [
            "_csrf": ctoken, "event": "death", "event_date": CivilDate.today().adding(days: -3).description, "name": "山田 花子",
            "address": "東京都国立市富士見台2-47-1", "birth_date": "1955-01-02", "sex": "女"])
        XCTAssertEqual(session.status, .seeOther, session.body.string)
        let sessionPath = try XCTUnwrap(session.headers.first(name: .location))

        // An application with a photo, uploaded on its step and bound on submission (a receipt mail is queued).
        let resident = Browser(app: app)
        let first = try await resident.get("/132152/forms/disaster-victim-certificate")
        var form = hiddenFields(first.body.string)
        form.merge(["go": "next", "v.disaster_date": CivilDate.today().adding(days: -3).description,
                    "v.property_address": "東京都国立市富士見台2-47-1", "v.damage_kind": "flood"]) { _, new in new }
        let uploaded = try await resident.postMultipart("/132152/forms/disaster-victim-certificate", form: form,
                                                        files: [("f.photos", "浸水の写真.png", DemoRecords.png)])
        XCTAssertEqual(uploaded.status, .ok, uploaded.body.string)
        var applicant = hiddenFields(uploaded.body.string)
        applicant.merge(["go": "next", "v.name": "山田 花子", "v.name_kana": "ヤマダ ハナコ", "v.birth_date": "1955-01-02",
                         "v.postal_code": "1868501", "v.address": "東京都国立市富士見台2-47-1", "v.phone": "0425762111",
                         "v.email": "hanako@example.jp", "v.owner_or_tenant": "owner"]) { _, new in new }
        let confirm = try await resident.post("/132152/forms/disaster-victim-certificate", form: applicant)
        var submit = hiddenFields(confirm.body.string)
        submit["go"] = "submit"
        let done = try await resident.post("/132152/forms/disaster-victim-certificate", form: submit)
        XCTAssertTrue(done.body.string.contains("申請を受け付けました"), done.body.string)

        // A move-out form saved part-way: the draft and the mail with its link.
        let saver = Browser(app: app)
        let moveOut = try await saver.get("/132152/forms/move-out")
        var partial = hiddenFields(moveOut.body.string)
        partial.merge(["go": "save", "v.move_date": CivilDate.today().adding(days: 9).description, "v.household_moving": "all",
                       "v.new_address": DemoRecords.draftAddress]) { _, new in new }
        let ask = try await saver.post("/132152/forms/move-out", form: partial)
        var send = hiddenFields(ask.body.string)
        send["go"] = "save_send"
        send["save_email"] = "hanako@example.jp"
        let sent = try await saver.post("/132152/forms/move-out", form: send)
        XCTAssertTrue(sent.body.string.contains("メールを送りました"), sent.body.string)

        // A disclosure request with every optional field.
        let requester = Browser(app: app)
        let rtoken = try await requester.csrfToken(from: "/132152/privacy/requests/new")
        let filed = try await requester.post("/132152/privacy/requests", form: [
            "_csrf": rtoken, "kind": "disclosure", "name": "山田 花子", "address": "東京都国立市富士見台2-47-1",
            "contact": "hanako@example.jp", "subject": DemoRecords.requestSubject])
        XCTAssertEqual(filed.status, .seeOther, filed.body.string)

        // A mail subscription (メール配信サービス), not yet confirmed: its address is sealed, its confirmation mail queued.
        let subscriber = Browser(app: app)
        _ = try await subscriber.get("/132152/notices/subscribe")
        let subscribed = try await subscriber.postPairs("/132152/notices/subscribe", [("address", "hanako@example.jp"), ("categories[]", "bosai")])
        XCTAssertEqual(subscribed.status, .ok, subscribed.body.string)

        // A webhook endpoint registered by the IT section: its shared secret is sealed.
        let itSection = Browser(app: app)
        _ = try await itSection.signIn("municipality_administrator", password: password)
        let hook = try await itSection.postPairs("/132152/staff/webhooks", [("url", "https://bridge.example.jp/hook"), ("description", "LINE連携"),
                                                                             ("categories[]", "bosai"), ("alerts", "1"), ("active", "1")])
        XCTAssertEqual(hook.status, .ok, hook.body.string)

        // A templated mail, as a notice's fan-out queues one per subscriber: its text is sealed once
        // in the templates table, the address and link token in the message's own row.
        let found = try await Municipality.query(on: app.db).filter(\.$code == "132152").first()
        let municipality = try XCTUnwrap(found)
        try await app.madoguchi.mailOutbox.enqueue(
            MailTemplate(subject: [.text("【国立市】お知らせ")], body: [.text("配信の停止: https://city.example.jp/stop/"), .field("token")]),
            for: [MailOutbox.Personalised(to: "hanako@example.jp", fields: ["token": "demo-token"], recipient: "demo-subscriber")],
            kind: "notices.message", municipalityID: try municipality.requireID(), reference: "notices.message:demo", on: app.db)

        let storedApplication = try await FormApplication.query(on: app.db).first()
        let storedAttachment = try await FormAttachment.query(on: app.db).filter(\.$applicationID != nil).first()
        let storedRequest = try await PrivacyRequest.query(on: app.db).first()
        let application = try XCTUnwrap(storedApplication), attachment = try XCTUnwrap(storedAttachment)
        let request = try XCTUnwrap(storedRequest)
        let applicationPath = "/132152/staff/applications/\(try application.requireID().uuidString.lowercased())"
        return DemoRecords(counterSession: sessionPath, application: applicationPath,
                           attachment: "\(applicationPath)/attachments/\(try attachment.requireID().uuidString.lowercased())",
                           privacyRequest: "/132152/staff/privacy/requests/\(try request.requireID().uuidString.lowercased())")
    }

    /// Reads every value of the demo run back through the screens, the download and the outbox.
    func assertDemoReadable(_ records: DemoRecords, file: StaticString = #filePath, line: UInt = #line) async throws {
        let counter = Browser(app: app)
        _ = try await counter.signIn("counter_staff", password: password)
        let session = try await counter.get(records.counterSession)
        XCTAssertEqual(session.status, .ok, "counter session", file: file, line: line)
        XCTAssertTrue(session.body.string.contains("山田 花子"), "counter session", file: file, line: line)

        let supervisor = Browser(app: app)
        _ = try await supervisor.signIn("applications_supervisor", password: password)
        let detail = try await supervisor.get(records.application)
        XCTAssertEqual(detail.status, .ok, "application detail", file: file, line: line)
        XCTAssertTrue(detail.body.string.contains("山田 花子"), "application detail", file: file, line: line)
        XCTAssertTrue(detail.body.string.contains("浸水の写真.png"), "attachment name", file: file, line: line)
        let download = try await supervisor.get(records.attachment)
        XCTAssertEqual(download.status, .ok, "attachment download", file: file, line: line)
        XCTAssertEqual(Data(download.body.readableBytesView), DemoRecords.png, "attachment bytes", file: file, line: line)

        let officer = Browser(app: app)
        _ = try await officer.signIn("privacy_officer", password: password)
        let request = try await officer.get(records.privacyRequest)
        XCTAssertEqual(request.status, .ok, "disclosure request", file: file, line: line)
        for value in ["山田 花子", "東京都国立市富士見台2-47-1", "hanako@example.jp", DemoRecords.requestSubject] {
            XCTAssertTrue(request.body.string.contains(value), "disclosure request: \(value)", file: file, line: line)
        }

        // The outbox decrypts each queued mail to send it: the receipt, the resume link and the subscription's confirmation.
        let transport = CapturingMailTransport()
        let run = try await app.madoguchi.mailOutbox.deliverDue(via: transport, from: "no-reply@example.jp", on: app.db)
        XCTAssertEqual(run.failed, 0, "outbox", file: file, line: line)
        XCTAssertEqual(run.retrying, 0, "outbox", file: file, line: line)
        XCTAssertEqual(transport.sent.count, 4, "the receipt, the resume mail, the subscription's confirmation and the templated notice",
                       file: file, line: line)
        XCTAssertTrue(transport.sent.contains { $0.subject == "【国立市】お知らせ" && $0.body == "配信の停止: https://city.example.jp/stop/demo-token" },
                      "the templated mail, rendered from its template", file: file, line: line)
        XCTAssertTrue(transport.sent.allSatisfy { $0.to == "hanako@example.jp" }, "outbox recipients", file: file, line: line)
        let bodies = transport.sent.map(\.body).joined(separator: "\n")
        let link = try XCTUnwrap(bodies.range(of: #"/132152/forms/resume/[A-Za-z0-9_-]+"#, options: .regularExpression),
                                 "the resume link", file: file, line: line)
        let resumed = try await Browser(app: app).get(String(bodies[link]))
        XCTAssertEqual(resumed.status, .ok, "draft resume", file: file, line: line)
        XCTAssertTrue(resumed.body.string.contains(#"value="\#(DemoRecords.draftAddress)""#), "draft values", file: file, line: line)
    }

    /// The same database under another field-key ring: this application is shut down and a new
    /// one configured as at start-up (migrations run, nothing reset).
    func restarted(fieldKeys: String) async throws -> TestApp {
        let configuration = app.madoguchi.configuration
        try await app.asyncShutdown()
        return try await started(configuration, fieldKeys: fieldKeys)
    }

    /// A new application on this test's database (after `shutdown()`), with `fieldKeys` as its ring.
    func started(_ configuration: Configuration, fieldKeys: String) async throws -> TestApp {
        var configuration = configuration
        configuration.fieldKeys = .inline(fieldKeys)
        let next = try await Application.make(.testing)
        do {
            try await configure(next, configuration: configuration, passwordCost: 4)
        } catch {
            try? await next.asyncShutdown()
            throw error
        }
        return TestApp(app: next, kunitachi: kunitachi, musashimurayama: musashimurayama)
    }
}
