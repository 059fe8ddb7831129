import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import Mail
import Privacy
import SQLKit
@testable import WebApp
import XCTest

/// Issue 14's "exactly once": an e-mail is marked handed over (`handed_at`, a group commit) after
/// its whole text and before the final `.` of its data, which is the only point where an SMTP
/// server accepts it. Through the library API (`deliverDue`, `settleHandedOver`) against a scripted
/// SMTP server (`python/smtp_script.py`) that records both what it accepted and what a client left
/// half-sent; the database's own triggers stand in for a crash at each side of the mark.
/// SQLite, or PostgreSQL with `DATABASE_URL`.
final class OutboxExactlyOnceTests: XCTestCase {
    var db: TestDatabase!
    var server: ScriptedSMTPServer?
    let city = UUID()
    let cipher = FieldCipher(keyRing: try! FieldKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString()))

    override func setUp() async throws {
        db = try await TestDatabase.make(migrations: MailModule.manifest.migrations)
    }

    override func tearDown() async throws {
        server?.stop()
        await db?.shutdown()
    }

    var sql: any SQLDatabase { db.database as! any SQLDatabase }
    var postgres: Bool { sql.dialect.name == "postgresql" }

    func queue(_ count: Int) async throws -> [UUID] {
        try await MailOutbox(cipher: cipher).enqueueAll((0..<count).map {
            MailOutbox.Queued(MailMessage(to: "r\($0)@example.jp", subject: "警戒レベル4", body: "避難してください。\n\($0)"),
                              kind: "notices.message", municipalityID: city, reference: "alert-message:once", recipient: "subscription:\($0)")
        }, on: db.database)
        return try await sql.raw("SELECT id FROM mail_outbox ORDER BY recipient").all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    func deliver(via server: ScriptedSMTPServer, connections: Int = 1, now: Date = Date()) async throws -> MailOutbox.Run {
        try await MailOutbox(cipher: cipher).deliverDue(via: SMTPTransport(host: "127.0.0.1", port: server.port, heloName: "madoguchi.test"),
                                                        from: "bousai@example.jp", limit: 100, connections: connections, now: now, on: db.database)
    }

    func row(_ id: UUID) async throws -> (status: String, handed: Bool, lastError: String?, sent: Bool) {
        let found = try await sql.raw("SELECT status, handed_at, last_error, sent_at FROM mail_outbox WHERE id = \(bind: id)").first()
        let row = try XCTUnwrap(found)
        return (try row.decode(column: "status", as: String.self), try row.decode(column: "handed_at", as: Date?.self) != nil,
                try row.decode(column: "last_error", as: String?.self), try row.decode(column: "sent_at", as: Date?.self) != nil)
    }

    /// The store as the scripted server can open it from another process: the SQLite file, or `DATABASE_URL`.
    func store() async throws -> String {
        if postgres { return try XCTUnwrap(ProcessInfo.processInfo.environment["DATABASE_URL"]) }
        let found = try await sql.raw("SELECT file FROM pragma_database_list WHERE name = 'main'").first()
        return try XCTUnwrap(found).decode(column: "file", as: String.self)
    }

    /// A trigger that refuses updates of the outbox matching `condition` (on NEW): the database
    /// failing, or the process dying, at that point of delivery. `silently`: the statement goes on
    /// for the other rows and those rows are just left as they were (the write never happened).
    func refuse(when condition: String, silently: Bool = false) async throws {
        if postgres {
            try await sql.raw("CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(unsafeRaw: silently ? "RETURN NULL" : "RAISE EXCEPTION 'refused'"); END $$").run()
            try await sql.raw("CREATE TRIGGER refuse_outbox BEFORE UPDATE ON mail_outbox FOR EACH ROW WHEN (\(unsafeRaw: condition)) EXECUTE FUNCTION refuse_outbox()").run()
        } else {
            try await sql.raw("CREATE TRIGGER refuse_outbox BEFORE UPDATE ON mail_outbox WHEN \(unsafeRaw: condition) BEGIN SELECT RAISE(\(unsafeRaw: silently ? "IGNORE" : "ABORT, 'refused'")); END").run()
        }
    }

    func allow() async throws {
        if postgres {
            try await sql.raw("DROP TRIGGER refuse_outbox ON mail_outbox").run()
            try await sql.raw("DROP FUNCTION refuse_outbox()").run()
        } else {
            try await sql.raw("DROP TRIGGER refuse_outbox").run()
        }
    }

    /// The hand-over mark cannot be committed (as if the process died before its group commit): the
    /// session closes the connection with the whole text sent but not the final `.`, the server
    /// aborts the transaction, and the message — unmarked — is sent again once its lease has run out.
    func testAMessageWhoseEndOfDataWasNeverWrittenIsSentAgain() async throws {
        let server = try ScriptedSMTPServer.start()
        self.server = server
        let queued = try await queue(1)
        let id = try XCTUnwrap(queued.first)
        try await refuse(when: "NEW.handed_at IS NOT NULL")
        do {
            _ = try await deliver(via: server)
            XCTFail("the writer's failure ends the round")
        } catch {}
        let aborted = try await server.waitFor("aborted", count: 1)
        XCTAssertEqual(aborted.first?["rcpt_tos"] as? [String], ["r0@example.jp"])
        XCTAssertGreaterThan(aborted.first?["data_lines"] as? Int ?? 0, 8, "the headers and text had arrived, only the end was missing")
        XCTAssertEqual(aborted.first?["message_id"] as? String, "<\(id.uuidString.lowercased())@madoguchi.test>")
        XCTAssertEqual(try server.records("accepted").count, 0, "the server accepted nothing")
        let cut = try await row(id)
        XCTAssertEqual(cut.status, "sending")
        XCTAssertFalse(cut.handed, "not marked: the mark's commit failed")

        try await allow()
        let early = try await deliver(via: server)
        XCTAssertEqual(early, MailOutbox.Run(), "not before its lease has run out")
        let again = try await deliver(via: server, now: Date().addingTimeInterval(MailOutbox.lease + 1))
        XCTAssertEqual(again.sent, 1)
        let accepted = try server.records("accepted")
        XCTAssertEqual(accepted.map { $0["rcpt_tos"] as? [String] ?? [] }, [["r0@example.jp"]], "sent again, accepted once")
        XCTAssertEqual(accepted.first?["message_id"] as? String, aborted.first?["message_id"] as? String, "the same Message-ID")
        let done = try await row(id)
        XCTAssertEqual(done.status, "delivered")
        XCTAssertNil(done.lastError)
    }

    /// Near the end of a claim's lease (`MailOutbox.handOverMargin`), another instance may soon take
    /// the rows again, so none is marked: each session aborts its data and the rows are left as they
    /// are, sent once their lease has run out. (A lease of 5 s leaves no time at all.)
    func testNoMessageIsMarkedOnceItsLeaseIsNearlyOver() async throws {
        let server = try ScriptedSMTPServer.start()
        self.server = server
        let ids = try await queue(2)
        let now = Date()
        let run = try await MailOutbox(cipher: cipher).deliverDue(
            via: SMTPTransport(host: "127.0.0.1", port: server.port, heloName: "madoguchi.test"), from: "bousai@example.jp",
            limit: 100, connections: 2, lease: MailOutbox.handOverMargin, now: now, on: db.database)
        XCTAssertEqual(run, MailOutbox.Run(), "nothing recorded")
        let aborted = try await server.waitFor("aborted", count: 2)
        XCTAssertEqual(aborted.count, 2, "both ended without their final dot")
        XCTAssertEqual(try server.records("accepted").count, 0)
        for id in ids {
            let left = try await row(id)
            XCTAssertEqual(left.status, "sending")
            XCTAssertFalse(left.handed)
        }
        let again = try await deliver(via: server, now: now.addingTimeInterval(MailOutbox.handOverMargin + 1))
        XCTAssertEqual(again.sent, 2)
        XCTAssertEqual(try server.records("accepted").count, 2, "each accepted once")
    }

    /// The mark is committed, the server accepts the message, and its `delivered` mark is never
    /// written (as if the process died right after the server's 250; the trigger drops just those
    /// rows' writes, as a failing statement would also drop the marks of other connections grouped
    /// with them): the row stays handed over and is never claimed again, however late;
    /// `settleHandedOver` records it delivered, `unconfirmed`.
    func testAHandedOverMessageIsNeverSentAgain() async throws {
        let server = try ScriptedSMTPServer.start()
        self.server = server
        let ids = try await queue(3)
        try await refuse(when: "NEW.status = 'delivered'", silently: true)
        _ = try await deliver(via: server, connections: 3)
        XCTAssertEqual(try server.records("accepted").count, 3)
        for id in ids {
            let handed = try await row(id)
            XCTAssertEqual(handed.status, "sending")
            XCTAssertTrue(handed.handed, "marked before the end of its data")
        }
        try await allow()
        let later = Date().addingTimeInterval(MailOutbox.lease + 1)
        let run = try await deliver(via: server, now: later)
        XCTAssertEqual(run, MailOutbox.Run(), "a message handed over is not claimed again")
        let early = try await MailOutbox(cipher: cipher).settleHandedOver(now: Date(), on: db.database)
        XCTAssertEqual(early, 0, "not while its lease runs")
        let settled = try await MailOutbox(cipher: cipher).settleHandedOver(now: later, on: db.database)
        XCTAssertEqual(settled, 3)
        for id in ids {
            let done = try await row(id)
            XCTAssertEqual(done.status, "delivered")
            XCTAssertEqual(done.lastError, "unconfirmed")
            XCTAssertTrue(done.sent)
        }
        let afterAll = try await deliver(via: server, now: later.addingTimeInterval(3600))
        XCTAssertEqual(afterAll, MailOutbox.Run())
        let accepted = try server.records("accepted")
        XCTAssertEqual(accepted.count, 3, "each exactly once")
        XCTAssertEqual(Set(accepted.compactMap { ($0["rcpt_tos"] as? [String])?.first }).count, 3)
        XCTAssertEqual(try server.records("aborted").count, 0)
    }

    /// What a run killed between a mark and its end leaves: rows claimed and marked handed over,
    /// and its `HandOverJournal` (unlocked, as the kernel leaves it) showing which ends entered a
    /// socket. The recovery sends again the marked messages whose end was never written — they were
    /// never accepted — and leaves the one whose end was written to be settled; a message the run
    /// claimed and never took gets its attempt back and is free at once; a live run's journal
    /// (locked) is not touched, and a journal is read once.
    func testAKilledRunsJournalSendsAgainWhatWasMarkedButNeverEnded() async throws {
        let server = try ScriptedSMTPServer.start()
        self.server = server
        let ids = try await queue(5)
        let outbox = MailOutbox(cipher: cipher)
        let journal = HandOverJournal(directory: FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: journal.directory) }
        let claimed = try await outbox.claim(limit: 5, now: Date(), on: db.database)
        XCTAssertEqual(claimed.count, 5)
        // The killed run: claimed 0, 1, 2 and 4; took, marked 0, 1 and 2, wrote only the first one's end.
        let killed = try journal.begin()
        killed.claimed(claimed.filter { $0.id != ids[3] }.map { ($0.id!, $0.attempts) })
        for id in ids[0..<3] { killed.taken(id) }
        killed.handed(Array(ids[0..<3]))
        try await MailOutbox.mark(handed: Array(ids[0..<3]), delivered: [], on: db.database)
        killed.ended(ids[0])
        killed.finish(keep: true)
        // A run still going on in another instance sharing the folder: marked, its end not yet written.
        let live = try journal.begin()
        live.claimed([(ids[3], 1)])
        live.taken(ids[3])
        live.handed([ids[3]])
        try await MailOutbox.mark(handed: [ids[3]], delivered: [], on: db.database)

        let recovery = try await outbox.recoverHandOvers(from: journal, on: db.database)
        XCTAssertEqual(recovery, MailOutbox.HandOverRecovery(reopened: 2, ended: 1, released: 1))
        let states = try await [row(ids[0]), row(ids[1]), row(ids[2]), row(ids[3])]
        XCTAssertEqual(states.map(\.handed), [true, false, false, true], "marks cleared only where the end was never written, and not for the live run")
        let untried = try await row(ids[4])
        XCTAssertEqual(untried.status, "sending")
        XCTAssertFalse(untried.handed)
        let now = try await deliver(via: server)
        XCTAssertEqual(now.sent, 1, "the message never taken is free at once, its attempt given back")
        let attempts = try await sql.raw("SELECT attempts FROM mail_outbox WHERE id = \(bind: ids[4])").first()?.decode(column: "attempts", as: Int.self)
        XCTAssertEqual(attempts, 1, "one attempt: the one that delivered it")
        let again = try await outbox.recoverHandOvers(from: journal, on: db.database)
        XCTAssertEqual(again, MailOutbox.HandOverRecovery(), "a journal is recovered once")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: journal.directory.path).count, 1, "only the live run's journal is left")
        live.finish(keep: false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: journal.directory.path), [], "a finished run removes its journal")

        let later = Date().addingTimeInterval(MailOutbox.lease + 1)
        let run = try await deliver(via: server, now: later)
        XCTAssertEqual(run.sent, 2, "the two never ended are sent again once their lease has run out")
        XCTAssertEqual(Set(try server.records("accepted").compactMap { ($0["rcpt_tos"] as? [String])?.first }),
                       ["r1@example.jp", "r2@example.jp", "r4@example.jp"])
        let settled = try await outbox.settleHandedOver(now: later, on: db.database)
        XCTAssertEqual(settled, 2, "the ended one and the live run's are settled as before")
        let first = try await row(ids[0])
        XCTAssertEqual(first.status, "delivered")
        XCTAssertEqual(first.lastError, "unconfirmed")
    }

    /// A run that ends normally leaves no journal, one whose journal cannot be made delivers
    /// without it, and one whose writer failed leaves its journal for the next round's recovery;
    /// the messages go out once each in every case.
    func testARunsJournalIsRemovedWhenItEndsAndKeptWhenItsWriterFailed() async throws {
        let server = try ScriptedSMTPServer.start()
        self.server = server
        let journal = HandOverJournal(directory: FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: journal.directory) }
        let transport = SMTPTransport(host: "127.0.0.1", port: server.port, heloName: "madoguchi.test")
        let outbox = MailOutbox(cipher: cipher)
        _ = try await queue(3)
        let run = try await outbox.deliverDue(via: transport, from: "bousai@example.jp", limit: 100, connections: 3, journal: journal, on: db.database)
        XCTAssertEqual(run.sent, 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: journal.directory.path), [])

        // A journal that cannot be made (here a folder under a device) does not stop delivery.
        _ = try await queue(1)
        let unwritable = HandOverJournal(directory: URL(fileURLWithPath: "/dev/null/mail-handover"))
        let without = try await outbox.deliverDue(via: transport, from: "bousai@example.jp", limit: 100, journal: unwritable, on: db.database)
        XCTAssertEqual(without.sent, 1)

        _ = try await queue(1)
        try await refuse(when: "NEW.status = 'delivered'")
        do {
            _ = try await outbox.deliverDue(via: transport, from: "bousai@example.jp", limit: 100, journal: journal, on: db.database)
            XCTFail("the writer's failure ends the round")
        } catch {}
        try await allow()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: journal.directory.path).count, 1, "kept for the recovery")
        let recovery = try await outbox.recoverHandOvers(from: journal, on: db.database)
        XCTAssertEqual(recovery, MailOutbox.HandOverRecovery(reopened: 0, ended: 1), "its end was written: left to be settled")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: journal.directory.path), [])
        XCTAssertEqual(try server.records("accepted").count, 5, "each accepted once")
    }

    /// The server takes the end of the data and the connection closes before its answer: the
    /// message may have been accepted (here it was), so it is recorded delivered, `unconfirmed`,
    /// and not sent again; the next message goes out over a new connection.
    func testAnAnswerThatNeverComesIsNotSentAgain() async throws {
        let server = try ScriptedSMTPServer.start(silentEnds: 1)
        self.server = server
        let ids = try await queue(2)
        let run = try await deliver(via: server)
        XCTAssertEqual(run.sent, 2)
        let statuses = try await [row(ids[0]), row(ids[1])]
        XCTAssertEqual(statuses.map(\.status), ["delivered", "delivered"])
        XCTAssertEqual(statuses.compactMap(\.lastError), ["unconfirmed"], "the first one's answer never came")
        let later = try await deliver(via: server, now: Date().addingTimeInterval(3600))
        XCTAssertEqual(later, MailOutbox.Run())
        XCTAssertEqual(try server.records("accepted").count, 2, "each accepted once")
    }

    /// The end of the data is written by the outbox's writer the moment the group commit of the
    /// hand-over marks is seen, so when the server reads a message's final `.` its mark is already
    /// committed — the scripted server looks each one up in the store at that moment, from its own
    /// connection — for every message of a batch over several connections at once.
    func testTheEndOfTheDataArrivesOnlyOnceItsMarkIsCommitted() async throws {
        let server = try ScriptedSMTPServer.start(markStore: try await store())
        self.server = server
        let ids = try await queue(12)
        let run = try await deliver(via: server, connections: 4)
        XCTAssertEqual(run.sent, 12)
        let accepted = try server.records("accepted")
        XCTAssertEqual(Set(accepted.compactMap { $0["message_id"] as? String }),
                       Set(ids.map { "<\($0.uuidString.lowercased())@madoguchi.test>" }), "each accepted once")
        XCTAssertEqual(accepted.filter { $0["marked_at_end"] as? Bool == true }.count, 12, "each one's mark was committed when its end arrived")
        XCTAssertEqual(try server.records("aborted").count, 0)
    }

    /// The two-phase send's contract on the outbox's side: the session's end-of-data writer is run
    /// exactly once, by the outbox, before `handOver` returns, when the mark is committed; when it
    /// cannot be (the database refuses it, or the lease is nearly over) it is never run and
    /// `handOver` throws.
    func testTheOutboxRunsTheEndOfDataOnceWhenTheMarkIsCommittedAndNeverOtherwise() async throws {
        _ = try await queue(5)
        let transport = EndRecordingTransport()
        let outbox = MailOutbox(cipher: cipher)
        let run = try await outbox.deliverDue(via: transport, from: "bousai@example.jp", limit: 3, connections: 3, on: db.database)
        XCTAssertEqual(run.sent, 3)
        XCTAssertEqual(transport.entries, Array(repeating: .init(ends: 1, threw: false), count: 3))

        try await refuse(when: "NEW.handed_at IS NOT NULL")
        let refused = EndRecordingTransport()
        do {
            _ = try await outbox.deliverDue(via: refused, from: "bousai@example.jp", limit: 1, connections: 1, on: db.database)
            XCTFail("the writer's failure ends the round")
        } catch {}
        XCTAssertEqual(refused.entries, [.init(ends: 0, threw: true)])
        try await allow()

        let late = EndRecordingTransport()
        let lateRun = try await outbox.deliverDue(via: late, from: "bousai@example.jp", limit: 1, connections: 1,
                                                  lease: MailOutbox.handOverMargin, on: db.database)
        XCTAssertEqual(lateRun, MailOutbox.Run())
        XCTAssertEqual(late.entries, [.init(ends: 0, threw: true)])
    }
}

/// A session that hands each message over through the outbox's two-phase send without a network:
/// it records, per message, how many times the outbox ran its end-of-data writer before `handOver`
/// returned or threw.
final class EndRecordingTransport: MailTransport, MailSession, @unchecked Sendable {
    struct Entry: Equatable { let ends: Int; let threw: Bool }
    private let lock = NSLock()
    private var recorded: [Entry] = []
    var entries: [Entry] { lock.withLock { recorded } }

    func send(_ message: MailMessage, from: String) async throws { XCTFail("the outbox hands messages over in two phases") }
    func openSession(from: String) -> any MailSession { self }
    func send(_ message: MailMessage, id: UUID) async throws { XCTFail("the outbox hands messages over in two phases") }
    func close() async {}

    func send(_ message: MailMessage, id: UUID, handOver: MailHandOver) async throws {
        let ends = EndCount()
        do {
            _ = try await handOver { ends.add(); return true }
        } catch {
            lock.withLock { recorded.append(Entry(ends: ends.value, threw: true)) }
            throw error
        }
        lock.withLock { recorded.append(Entry(ends: ends.value, threw: false)) }
    }

    final class EndCount: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}

/// The scripted server of `python/smtp_script.py` on a free port; `records` reads what it wrote.
final class ScriptedSMTPServer {
    let process: Process
    let input: Pipe
    let folder: URL
    let port: Int

    private init(process: Process, input: Pipe, folder: URL, port: Int) {
        self.process = process
        self.input = input
        self.folder = folder
        self.port = port
    }

    /// `markStore`: the outbox's store (SQLite file or PostgreSQL URL) in which the server looks up,
    /// at each end of data, whether that message's hand-over mark was committed (`marked_at_end`).
    static func start(silentEnds: Int = 0, markStore: String? = nil) throws -> ScriptedSMTPServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PythonPeer.repositoryRoot.appendingPathComponent("Tests/WebAppTests/python/smtp_script.py").path,
                             folder.path, "--silent-ends", String(silentEnds)] + (markStore.map { ["--mark-store", $0] } ?? [])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw XCTSkip("the scripted SMTP server did not start: \(text)")
        }
        return ScriptedSMTPServer(process: process, input: input, folder: folder, port: port)
    }

    /// The `accepted` or `aborted` records so far, in order.
    func records(_ kind: String) throws -> [[String: Any]] {
        let names = try recordNames(kind).sorted { Int($0.dropFirst(kind.count + 1).dropLast(5))! < Int($1.dropFirst(kind.count + 1).dropLast(5))! }
        return try names.map { try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent($0))) as! [String: Any] }
    }

    /// How many records of `kind` there are so far (without reading them).
    func count(_ kind: String) -> Int { (try? recordNames(kind).count) ?? 0 }

    private func recordNames(_ kind: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(kind + "-") && $0.hasSuffix(".json") }
    }

    /// Waits (at most 10 s) until at least `count` records of `kind` are there.
    func waitFor(_ kind: String, count: Int) async throws -> [[String: Any]] {
        for _ in 0..<100 {
            let found = try records(kind)
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try records(kind)
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
