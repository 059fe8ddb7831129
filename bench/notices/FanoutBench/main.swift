// One alert to many subscribers (issue 14's fan-out goal): the subscribers are stored as the
// Notices module stores confirmed ones (address sealed, state active), an alert is issued through
// `AlertCommands` (which records its fan-out), `NoticeFanOuts.queueDue` queues one message per
// subscriber (timed: goal < 5 s for 100,000), then the outbox delivers them through the server's
// SMTP transport, batches of `MailOutbox.jobBatch` as the delivery job takes them, each through
// CONNECTIONS SMTP connections in parallel (timed: goal ≥ 1,000 messages/s). Prints one JSON line; bench/notices/fanout.py runs it against aiosmtpd.
// Usage: notices-fanout-bench SMTP_PORT [SUBSCRIBERS] [CONNECTIONS]   (DATABASE_URL=postgres://… for PostgreSQL;
// FANOUT_BENCH_QUEUE_ONLY=1 stops after the timed queueing)
// Crash mode (bench/notices/crash.py kills it and starts it again): FANOUT_BENCH_STORE=<file> keeps the
// SQLite store there (PostgreSQL: the database is kept); FANOUT_BENCH_RESTART=k opens it as the k-th
// kill left it, prints {"phase":"delivering","handed":[…]} (the addresses of the messages that kill left
// handed over with no outcome) and delivers what is left, its clock k × (lease + 1) s ahead so that the
// killed claims' leases have run out without waiting for them. The runs note their hand-overs in a
// `HandOverJournal` (as the server does; in crash mode beside the store, and a restart first recovers
// the killed run's journal); FANOUT_BENCH_NO_JOURNAL=1 runs without it (the marks alone).
import Audit
import FluentKit
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
import Mail
import Notices
import Privacy
import SQLKit
import WebApp

func run() async throws {
    let arguments = CommandLine.arguments
    guard arguments.count > 1, let port = Int(arguments[1]) else {
        FileHandle.standardError.write(Data("usage: notices-fanout-bench SMTP_PORT [SUBSCRIBERS] [CONNECTIONS]\n".utf8))
        exit(2)
    }
    let total = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
    // SMTP connections per batch, as the server's MADOGUCHI_MAIL_CONNECTIONS (default MailOutbox.defaultConnections).
    let connections = arguments.count > 3 ? Int(arguments[3]) ?? MailOutbox.defaultConnections : MailOutbox.defaultConnections
    let environment = ProcessInfo.processInfo.environment
    let store = environment["FANOUT_BENCH_STORE"].map { URL(fileURLWithPath: $0) }
    let restart = store == nil ? 0 : Int(environment["FANOUT_BENCH_RESTART"] ?? "") ?? 0
    // The runs note their hand-overs as the server's do (beside the store; a temporary folder without one).
    let journal = environment["FANOUT_BENCH_NO_JOURNAL"] == "1" ? nil
        : HandOverJournal(directory: (store?.deletingLastPathComponent() ?? FileManager.default.temporaryDirectory
                                      .appendingPathComponent("fanout-bench-\(UUID().uuidString)")).appendingPathComponent("mail-handover"))
    let db = try await TestDatabase.make(migrations: CoreModule.manifest.migrations + AuditModule.manifest.migrations
                                         + MailModule.manifest.migrations + NoticesModule.manifest.migrations,
                                         keeping: store, fresh: restart == 0)
    let database = db.database
    let sql = database as! any SQLDatabase
    // As the server runs SQLite (configure.swift): write-ahead log, synchronous FULL.
    if !TestDatabase.isPostgres { try await sql.raw("PRAGMA journal_mode=WAL").run() }
    let cipher = FieldCipher(keyRing: try FieldKeyRing.parse("bench:" + Data(repeating: 9, count: 32).base64EncodedString()))
    if restart > 0 {
        try await deliverAfterKill(restart, port: port, connections: connections, cipher: cipher, journal: journal, on: database)
        await db.shutdown()
        return
    }
    let audit = HashChainAuditLog()
    let city = Municipality(code: try MunicipalityCode("132152"), name: "国立市", nameEnglish: "Kunitachi", prefecture: "東京都", population: 76_000)
    try await city.create(on: database)
    try await NoticeAreas(audit: audit).add(municipalityID: city.id!, code: "naka-1", name: "中一丁目", nameEnglish: "Naka 1-chome",
                                            households: "1200", population: "2500", by: .system, on: database)

    // Confirmed subscribers, as the Notices module keeps them (not timed).
    let now = Date()
    for start in stride(from: 0, to: total, by: 2_000) {
        let insert = sql.insert(into: NoticeSubscription.schema)
            .columns("id", "municipality_id", "address", "address_index", "categories", "area_codes", "language", "state",
                     "permanent_failures", "account_mails", "account_mails_since", "created_at", "confirmed_at")
        for n in start..<min(total, start + 2_000) {
            let id = UUID()
            let address = try cipher.encrypt("r\(n)@example.jp", binding: FieldBinding(table: NoticeSubscription.schema, column: "address",
                                                                                        recordID: FieldBinding.recordID(id)))
            insert.values(SQLBind(id), SQLBind(city.id!), SQLBind(address), SQLBind("bench-\(n)"), SQLBind("|bosai|"),
                          SQLBind(n % 2 == 0 ? "" : "|naka-1|"), SQLBind(n % 10 == 0 ? "en" : "ja"), SQLBind("active"), SQLBind(0), SQLBind(0),
                          SQLBind(now), SQLBind(now), SQLBind(now))
        }
        try await insert.run()
    }

    let clock = ContinuousClock()
    let outbox = MailOutbox(cipher: cipher)
    let issueStart = clock.now
    _ = try await AlertCommands(audit: audit, publicURL: "https://madoguchi.example.jp").issue(
        municipality: city, AlertInput(level: "4", areaCodes: ["naka-1"]), by: .system, on: database)
    let queued = try await NoticeFanOuts(cipher: cipher, outbox: outbox, publicURL: "https://madoguchi.example.jp").queueDue(on: database)
    let queueSeconds = (clock.now - issueStart) / .seconds(1)

    if ProcessInfo.processInfo.environment["FANOUT_BENCH_QUEUE_ONLY"] == "1" {
        // The queueing alone (profiling it): nothing is delivered.
        print(#"{"queued":\#(queued),"queue_seconds":\#(queueSeconds)}"#)
        await db.shutdown()
        return
    }
    if store != nil { emit(["phase": "delivering", "handed": [String]()]) }
    let transport = SMTPTransports.smtp(host: "127.0.0.1", port: port, heloName: "madoguchi.bench")
    let deliverStart = clock.now
    var run = MailOutbox.Run()
    var firstHandover: Double?
    while true {
        let batch = try await outbox.deliverDue(via: transport, from: "bousai@city.example.jp", limit: MailOutbox.jobBatch,
                                                connections: connections, journal: journal, on: database)
        if firstHandover == nil, batch.sent > 0 { firstHandover = (clock.now - issueStart) / .seconds(1) }
        run.sent += batch.sent
        run.retrying += batch.retrying
        run.failed += batch.failed
        if batch.sent + batch.retrying + batch.failed == 0 { break }
    }
    let deliverSeconds = (clock.now - deliverStart) / .seconds(1)
    let result: [String: Any] = [
        "engine": TestDatabase.isPostgres ? "PostgreSQL" : "SQLite", "subscribers": total, "queued": queued,
        "queue_seconds": queueSeconds, "delivered": run.sent, "failed": run.failed, "retrying": run.retrying,
        "deliver_seconds": deliverSeconds, "messages_per_second": Double(run.sent) / deliverSeconds,
        "issue_to_first_batch_seconds": firstHandover ?? -1, "connections": connections,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    await db.shutdown()
}

/// Crash mode, after the k-th kill: the killed run's journal recovered first, as the delivery job
/// does (the marks of messages whose end was never written cleared: `reopened`), then what that kill
/// left handed over without an outcome (the mark committed; the SMTP server has it unless the kill
/// came before its final "." was written), then the delivery job's own bookkeeping and delivery of
/// the rest, on a clock k × (lease + 1) s ahead.
func deliverAfterKill(_ restart: Int, port: Int, connections: Int, cipher: FieldCipher, journal: HandOverJournal?,
                      on database: any Database) async throws {
    let outbox = MailOutbox(cipher: cipher)
    let offset = Double(restart) * (MailOutbox.lease + 1)
    func handedOver() async throws -> [String] {
        var handed: [String] = []
        for row in try await OutboxMessage.query(on: database).filter(\.$status == DeliveryStatus.sending.rawValue).filter(\.$handedAt != nil).all() {
            handed.append(try await outbox.message(of: row, on: database).to)
        }
        return handed
    }
    let marked = try await handedOver()
    if let journal { try await outbox.recoverHandOvers(from: journal, on: database) }
    let handed = try await handedOver()
    let reopened = Set(marked).subtracting(handed).sorted()
    _ = try await outbox.expireCutLastAttempts(now: Date().addingTimeInterval(offset), on: database)
    _ = try await outbox.settleHandedOver(now: Date().addingTimeInterval(offset), on: database)
    emit(["phase": "delivering", "handed": handed, "reopened": reopened])
    // crash.py counts at the SMTP server what the kill left before anything is sent again, then says "go".
    _ = readLine()
    let transport = SMTPTransports.smtp(host: "127.0.0.1", port: port, heloName: "madoguchi.bench")
    var run = MailOutbox.Run()
    while true {
        let batch = try await outbox.deliverDue(via: transport, from: "bousai@city.example.jp", limit: MailOutbox.jobBatch,
                                                connections: connections, journal: journal, now: Date().addingTimeInterval(offset), on: database)
        run.sent += batch.sent
        run.retrying += batch.retrying
        run.failed += batch.failed
        if batch.sent + batch.retrying + batch.failed == 0 { break }
    }
    // The whole outbox at the end, by status and error (a technical failure here would be a message given up).
    var outcomes: [String: Int] = [:]
    for row in try await (database as! any SQLDatabase).raw("SELECT status, last_error, count(*) AS n FROM mail_outbox GROUP BY status, last_error").all() {
        let key = try row.decode(column: "status", as: String.self) + (try row.decode(column: "last_error", as: String?.self).map { "/" + $0 } ?? "")
        outcomes[key] = try row.decode(column: "n", as: Int.self)
    }
    emit(["phase": "done", "delivered": run.sent, "failed": run.failed, "retrying": run.retrying, "outbox": outcomes])
}

/// One JSON line on standard output at once (not held in a buffer: the process may be killed next).
func emit(_ object: [String: Any]) {
    let line = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    FileHandle.standardOutput.write(line + Data("\n".utf8))
}

try await run()
