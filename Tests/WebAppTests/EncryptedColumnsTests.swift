import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// The manifests' declarations of encrypted columns against the migrated schema and the values a
/// demo-like run stores (on the engine of `DATABASE_URL`): a sealed value in a column no manifest
/// declares (which key rotation would skip) or a declaration of a column that does not exist fails.
final class EncryptedColumnsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    private var sql: any SQLDatabase { test.app.db as! any SQLDatabase }
    private var declared: [EncryptedColumnDeclaration] { Modules.all.flatMap(\.encryptedColumns) }

    func testEverySealedColumnIsDeclaredAndEveryDeclaredColumnExists() async throws {
        _ = try await test.demoRun()
        let drift = try await ManifestDrift.check(declared, on: sql)
        XCTAssertEqual(drift.undeclared, [], "sealed values in columns no manifest declares")
        XCTAssertEqual(drift.missing, [], "declared columns the schema does not have")
        // The run reaches every declared column, so the scan saw each of them hold sealed values.
        let sealed = try await SealedValueScan(sql: sql).sealedValues()
        for declaration in declared {
            let column = SchemaColumn(table: declaration.table, column: declaration.column)
            XCTAssertFalse(sealed[column, default: []].isEmpty, "the demo run leaves a sealed value in \(column)")
        }
        XCTAssertTrue(Set(sealed.values.joined()) == ["test1"], "everything is under the test key")
        XCTAssertEqual(Set(declared.map(\.table)), ["counter_sessions", "form_applications", "form_attachments", "form_drafts",
                                                    "mail_outbox", "mail_templates", "notices_subscriptions", "notices_webhooks",
                                                    "privacy_requests"])
    }

    func testTheCheckFailsOnAnUndeclaredSealedColumnAndOnAMissingDeclaredOne() async throws {
        _ = try await test.demoRun()
        // A module adds a table with an encrypted column and forgets to declare it.
        try await sql.raw("CREATE TABLE drift_probe (id TEXT PRIMARY KEY, secret TEXT, note TEXT)").run()
        let sealed = try test.app.madoguchi.cipher.encrypt("山田 花子", binding: FieldBinding(table: "drift_probe", column: "secret", recordID: "1"))
        try await sql.raw("INSERT INTO drift_probe (id, secret, note) VALUES ('1', \(bind: sealed), 'v1.not-sealed')").run()
        let renamed = EncryptedColumnDeclaration(table: "form_drafts", column: "contents")
        let drift = try await ManifestDrift.check(declared + [renamed], on: sql)
        XCTAssertEqual(drift.undeclared, [SchemaColumn(table: "drift_probe", column: "secret")])
        XCTAssertEqual(drift.missing, [SchemaColumn(table: "form_drafts", column: "contents")])
        // The hand-written list key rotation used before the manifests declared columns.
        let handWritten = declared.filter { ["counter_sessions", "privacy_requests"].contains($0.table) }
        let old = try await ManifestDrift.check(handWritten, on: sql)
        XCTAssertEqual(old.undeclared.map(\.description), ["drift_probe.secret", "form_applications.values", "form_attachments.content",
                                                             "form_drafts.content", "mail_outbox.message", "mail_templates.document",
                                                             "notices_subscriptions.address", "notices_webhooks.secret"])
        let declaredProbe = EncryptedColumnDeclaration(table: "drift_probe", column: "secret", keyType: .text)
        let fixed = try await ManifestDrift.check(declared + [declaredProbe], on: sql)
        XCTAssertEqual(fixed, ManifestDrift())
    }
}
