import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// Key rotation and the retention purge over everything the manifests declare (on the engine of
/// `DATABASE_URL`): after rotating to a new key and restarting without the old one, every value a
/// demo-like run stored still reads back; the purge empties every declared target.
final class KeyRotationTests: XCTestCase {
    var test: TestApp?

    override func setUp() async throws { test = try await makeTestApp() }

    static let newKey = "k2:" + Data(repeating: 9, count: 32).base64EncodedString()

    private func sql(_ test: TestApp) -> any SQLDatabase { test.app.db as! any SQLDatabase }

    func testRotationCoversEveryDeclaredColumnAndTheOldKeyCanLeaveTheRing() async throws {
        let records = try await XCTUnwrap(test).demoRun()
        let declared = Modules.all.flatMap(\.encryptedColumns)

        // The new key joins the ring as the current one (the old one stays), the application restarts.
        var current = try await XCTUnwrap(test).restarted(fieldKeys: TestApp.fieldKeys + ",*" + Self.newKey)
        test = current
        let lines = try await Maintenance.rotateFieldKeys(current.app)
        XCTAssertEqual(lines.map { String($0.prefix { $0 != ":" }) }, Set(declared.map(\.table)).sorted(), "a line per declared table")
        XCTAssertTrue(lines.allSatisfy { !$0.contains(" 0 re-encrypted") }, "\(lines)")
        let sealed = try await SealedValueScan(sql: sql(current)).sealedValues()
        for declaration in declared {
            let keys = sealed[SchemaColumn(table: declaration.table, column: declaration.column), default: []]
            XCTAssertFalse(keys.isEmpty, "\(declaration.table).\(declaration.column) was filled")
            XCTAssertEqual(Set(keys), ["k2"], "\(declaration.table).\(declaration.column) is under the new key")
        }
        let again = try await Maintenance.rotateFieldKeys(current.app)
        XCTAssertTrue(again.allSatisfy { $0.contains(" 0 examined, 0 re-encrypted under k2") }, "\(again)")
        let audited = try await sql(current).raw("SELECT target_type FROM audit_entries WHERE action = 'privacy.keys.rotate'").all()
            .map { try $0.decode(column: "target_type", as: String.self) }
        XCTAssertEqual(Set(audited), Set(declared.map(\.table)), "each table's rotation is audited")

        // The old key leaves the ring: every value still reads back through the screens and the outbox.
        current = try await current.restarted(fieldKeys: Self.newKey)
        test = current
        try await current.assertDemoReadable(records)
    }

    func testTheCommandLineRotatesEveryDeclaredColumn() async throws {
        let binary = try MadoguchiBinary.require()
        let first = try XCTUnwrap(test)
        let records = try await first.demoRun()
        let configuration = first.app.madoguchi.configuration
        try await first.shutdown()
        test = nil

        var environment = ProcessInfo.processInfo.environment
        environment["MADOGUCHI_DEMO"] = "false"
        environment["MADOGUCHI_DATA_DIR"] = configuration.dataDirectory
        switch configuration.store {
        case .sqlite(let path): environment["DATABASE_URL"] = path
        case .postgres(let url): environment["DATABASE_URL"] = url
        }
        environment["MADOGUCHI_FIELD_KEYS"] = TestApp.fieldKeys + ",*" + Self.newKey
        environment["MADOGUCHI_RETENTION_INTERVAL_SECONDS"] = "0"
        let (status, output) = try AuditLogTests.run(binary, ["privacy", "rotate-keys", "--log-level", "error"], environment: environment)
        XCTAssertEqual(status, 0, output)
        // The demo run left four mails (receipt, resume link, subscription confirmation, a templated notice mail) and one
        // record in every other table (the notice mail's template among them).
        for (table, count) in ["counter_sessions": 1, "form_applications": 1, "form_attachments": 1, "form_drafts": 1, "mail_outbox": 4,
                               "mail_templates": 1, "notices_subscriptions": 1, "privacy_requests": 1] {
            XCTAssertTrue(output.contains("\(table): \(count) examined, \(count) re-encrypted under k2"), output)
        }
        let (_, again) = try AuditLogTests.run(binary, ["privacy", "rotate-keys", "--log-level", "error"], environment: environment)
        XCTAssertEqual(again.split(separator: "\n").filter { $0.hasSuffix("0 examined, 0 re-encrypted under k2") }.count,
                       Set(Modules.all.flatMap(\.encryptedColumns).map(\.table)).count, again)

        let restarted = try await first.started(configuration, fieldKeys: Self.newKey)
        test = restarted
        try await restarted.assertDemoReadable(records)
    }

    /// Tables whose sealed column is a key, not a record about a person: a webhook endpoint's shared
    /// secret is rotated with the field keys but has no retention period (it lives while the endpoint does).
    static let sealedButNotPersonal: Set<String> = ["notices_webhooks"]

    func testRotationGoesInBatchesAndResumesWithWhatIsNotYetCurrent() async throws {
        let records = try await XCTUnwrap(test).demoRun()
        let current = try await XCTUnwrap(test).restarted(fieldKeys: TestApp.fieldKeys + ",*" + Self.newKey)
        test = current
        let declared = current.app.madoguchi.manifests.flatMap(\.encryptedColumns)
        let cipher = current.app.madoguchi.cipher
        // Stopped after one table: the next run takes up only what is left.
        let outbox = declared.filter { $0.table == "mail_outbox" }
        let partial = try await FieldKeyRotation.rotate(table: "mail_outbox", columns: outbox, cipher: cipher, batchSize: 1,
                                                        audit: current.app.madoguchi.audit, on: current.app.db)
        XCTAssertEqual(partial, .init(examined: 4, reencrypted: 4), "four mails, one batch each")
        let rest = try await FieldKeyRotation.rotate(declared, cipher: cipher, batchSize: 1, audit: current.app.madoguchi.audit, on: current.app.db)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: rest.map { ($0.table, $0.result.reencrypted) }),
                       ["counter_sessions": 1, "form_applications": 1, "form_attachments": 1, "form_drafts": 1, "mail_outbox": 0,
                        "mail_templates": 1, "notices_subscriptions": 1, "notices_webhooks": 1, "privacy_requests": 1])
        let batches = try await sql(current).raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'privacy.keys.rotate'").first()?
            .decode(column: "n", as: Int.self)
        XCTAssertEqual(batches, 12, "one audit entry per batch that changed something")
        let restarted = try await current.restarted(fieldKeys: Self.newKey)
        test = restarted
        try await restarted.assertDemoReadable(records)
    }

    func testWithoutRotationTheOldKeyCannotLeave() async throws {
        // The check above can fail: values not re-encrypted do not read without their key.
        let records = try await XCTUnwrap(test).demoRun()
        let current = try await XCTUnwrap(test).restarted(fieldKeys: Self.newKey)
        test = current
        let supervisor = Browser(app: current.app)
        _ = try await supervisor.signIn("applications_supervisor", password: current.password)
        let detail = try await supervisor.get(records.application)
        XCTAssertEqual(detail.status, .internalServerError)
        XCTAssertFalse(detail.body.string.contains("山田"))
    }

    func testThePurgeWalksEveryDeclaredTarget() async throws {
        let current = try XCTUnwrap(test)
        let records = try await current.demoRun()
        // The privacy officer decides the request: its retention counts from the decision.
        let officer = Browser(app: current.app)
        _ = try await officer.signIn("privacy_officer", password: current.password)
        let token = try await officer.csrfToken(from: records.privacyRequest)
        let decided = try await officer.post(records.privacyRequest + "/decide", form: ["_csrf": token, "decision": "full", "grounds": ""])
        XCTAssertEqual(decided.status, .seeOther, decided.body.string)

        let targets = current.app.madoguchi.manifests.flatMap(\.retentionTargets).map(\.fileID)
        XCTAssertEqual(Set(targets), ["counter.sessions", "forms.applications", "forms.mail", "notices.subscriptions", "privacy.requests"])
        let early = try await RetentionJob.runOnce(app: current.app)
        XCTAssertEqual(early, .purged(Dictionary(uniqueKeysWithValues: targets.map { ($0, 0) })), "nothing has expired yet")

        // Long after every retention period: each declared target deletes its records.
        let later = Date().addingTimeInterval(11 * 365 * 86_400)
        let outcome = try await RetentionJob.runOnce(app: current.app, now: later)
        guard case .purged(let counts) = outcome else { return XCTFail("the lease is free: \(outcome)") }
        XCTAssertEqual(Set(counts.keys), Set(targets))
        for target in targets { XCTAssertGreaterThan(counts[target] ?? 0, 0, "\(target) purged its records") }
        for table in Set(current.app.madoguchi.manifests.flatMap(\.encryptedColumns).map(\.table)).subtracting(Self.sealedButNotPersonal) {
            let left = try await sql(current).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
            XCTAssertEqual(left, 0, "\(table) is empty after every retention period")
        }
        let purges = try await sql(current).raw("SELECT target_type FROM audit_entries WHERE action = 'privacy.retention.purge'").all()
            .map { try $0.decode(column: "target_type", as: String.self) }
        XCTAssertEqual(Set(purges), Set(targets), "each target's purge is audited")
    }

    /// The server runs the purge as the privacy manifest's declared job (no list of its own): run
    /// through the job runner's context long after every retention period, it empties every table
    /// that holds sealed values, and a job given no audit trail reports what it lacks.
    func testTheDeclaredRetentionJobWalksEveryManifest() async throws {
        let current = try XCTUnwrap(test)
        let records = try await current.demoRun()
        let officer = Browser(app: current.app)
        _ = try await officer.signIn("privacy_officer", password: current.password)
        let token = try await officer.csrfToken(from: records.privacyRequest)
        _ = try await officer.post(records.privacyRequest + "/decide", form: ["_csrf": token, "decision": "full", "grounds": ""])

        let job = try XCTUnwrap(current.app.madoguchi.manifests.flatMap(\.jobs).first { $0.name == "privacy.retention" })
        let later = Date().addingTimeInterval(11 * 365 * 86_400)
        try await job.run(DeclaredJobs.context(app: current.app, now: later))
        for table in Set(current.app.madoguchi.manifests.flatMap(\.encryptedColumns).map(\.table)).subtracting(Self.sealedButNotPersonal) {
            let left = try await sql(current).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
            XCTAssertEqual(left, 0, "\(table) is empty after the declared job's round")
        }
        let bare = BackgroundJobContext(database: current.app.db, logger: current.app.logger, manifests: current.app.madoguchi.manifests)
        do {
            _ = try await RetentionJob.purgeOnce(bare)
            XCTFail("a purge without an audit trail must not run")
        } catch let error as BackgroundJobError {
            XCTAssertEqual(error, .missing(job: "privacy.retention", what: "AuditTrail"))
        }
    }
}
