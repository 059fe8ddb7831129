import Foundation
import MadoguchiCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What closes the last window of e-mail's exactly-once delivery (`MailOutbox+Delivery.swift`): a
/// small file per delivery run, next to the store, that says which messages the run claimed (`C`,
/// with their attempt count), which of those a session took (`T`), which hand-over marks it asked
/// for (`H`, written before the mark's UPDATE is sent) and which of those messages had the end of
/// their data written into the socket (`E`, written just before that write; `U` retracts it when
/// the write could not take the whole end at once, and `E` follows again once the rest is written).
///
/// Why it is needed: a mark survives a kill from the moment its commit is written (SQLite) or sent
/// (PostgreSQL), before the database answers; the end of the data can only follow the answer. A kill
/// in between left a message marked that the SMTP server never accepted, and a mark alone cannot
/// tell it from one that was (so it was recorded `unconfirmed`, and lost). The journal tells them
/// apart: after a kill, a marked message without `E` never had its end written — its mark is cleared
/// and it is sent again (`recover`); one with `E` had it (the kernel sends what entered a socket even
/// after the process died), so it is settled as before. A message the run claimed and no session
/// took was never tried: its attempt is given back and it is free at once, as a run that ends
/// gives back what it did not take — so a crash loop does not use up the attempts of messages it
/// never reached (each claim counts one, so that a message that kills the server is not tried for
/// ever: one a session took still counts).
///
/// Why `E` comes just before the write and not after it: the write of an end wakes the SMTP server's
/// process, and on a busy machine the scheduler often switches to it right as the write returns —
/// so a note written after the write was missing for a message already sent in 9 of 100 kills
/// (bench/notices/crash.py: each such message arrives twice), while between the note and the write
/// nothing wakes anyone. What remains is a kill in those few instructions between two system calls:
/// that message is lost (recorded `unconfirmed`), as every kill in the mark's window was before.
///
/// The file is written with `write(2)` and never synced: it has to survive the process, not the
/// machine (after a power cut the SMTP connections are gone too, and what the journal lost falls
/// back to the `unconfirmed` settlement). A run holds an exclusive `flock` on its file while it
/// lives, so `recover` only reads files whose process is gone (or whose run failed and left it).
/// With several instances on one PostgreSQL, each recovers the journals in its own data
/// directory; a marked message whose journal is on another machine's disk is settled `unconfirmed`.
public struct HandOverJournal: Sendable {
    /// The folder of the journals (`<data directory>/mail-handover`), made when first needed.
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    static let suffix = ".journal"
    /// One record: a kind byte, the message's id, and (claims only) its attempts as a little-endian Int32.
    static let recordSize = 21
    static let claimed = UInt8(ascii: "C")
    static let taken = UInt8(ascii: "T")
    static let handed = UInt8(ascii: "H")
    static let ended = UInt8(ascii: "E")
    static let unended = UInt8(ascii: "U")

    /// A new run's journal, locked for as long as it is open. Made under a temporary name and
    /// renamed once locked, so that `recover` never takes a live run's file for a dead one.
    func begin() throws -> Run {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = UUID().uuidString.lowercased()
        let temporary = directory.appendingPathComponent(name + ".tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(operation: "open", code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw JournalError(operation: "lock", code: code)
        }
        let path = directory.appendingPathComponent(name + Self.suffix).path
        guard rename(temporary, path) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw JournalError(operation: "rename", code: code)
        }
        return Run(fd: fd, path: path)
    }

    /// One delivery run's journal. No note can fail the delivery: a mark whose `handed` note did
    /// not reach the file is settled `unconfirmed` after a kill, as without a journal; an end whose
    /// `ended` note did not is sent again.
    final class Run: @unchecked Sendable {
        private let lock = NSLock()
        private var fd: Int32
        let path: String

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        /// The rows the run claimed, with their attempts after the claim.
        func claimed(_ rows: [(id: UUID, attempts: Int)]) {
            guard !rows.isEmpty else { return }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(rows.count * HandOverJournal.recordSize)
            for row in rows { HandOverJournal.append(HandOverJournal.claimed, row.id, attempts: row.attempts, to: &bytes) }
            append(bytes)
        }

        /// A session took `id` (before anything of it is sent).
        func taken(_ id: UUID) {
            append(HandOverJournal.records(HandOverJournal.taken, [id]))
        }

        /// Before the marks of `ids` are sent to the database.
        func handed(_ ids: [UUID]) {
            guard !ids.isEmpty else { return }
            append(HandOverJournal.records(HandOverJournal.handed, ids))
        }

        /// Just before the end of the data of `id` is written into its socket (and again once the
        /// rest of an end that did not fit is written).
        func ended(_ id: UUID) {
            append(HandOverJournal.records(HandOverJournal.ended, [id]))
        }

        /// The end of `id` could not be written whole at once (the rest follows, or the connection failed).
        func unended(_ id: UUID) {
            append(HandOverJournal.records(HandOverJournal.unended, [id]))
        }

        /// A write that fails (a full disk) is not retried: the note is simply missing (see above).
        private func append(_ bytes: [UInt8]) {
            lock.withLock {
                guard fd >= 0 else { return }
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            }
        }

        /// The run is over. Every outcome committed (`keep` false): the file goes. The writer failed
        /// (`keep` true): it stays, unlocked, for `recover` — as a killed run's file does.
        func finish(keep: Bool) {
            lock.withLock {
                guard fd >= 0 else { return }
                if !keep { unlink(path) }
                close(fd)
                fd = -1
            }
        }

        deinit { finish(keep: true) }
    }

    static func records(_ kind: UInt8, _ ids: [UUID]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * recordSize)
        for id in ids { append(kind, id, attempts: 0, to: &bytes) }
        return bytes
    }

    static func append(_ kind: UInt8, _ id: UUID, attempts: Int, to bytes: inout [UInt8]) {
        bytes.append(kind)
        bytes.append(contentsOf: id.bytes)
        withUnsafeBytes(of: Int32(clamping: attempts).littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// What a journal left by a run that is gone says: the messages it claimed that no session took
    /// (`untried`, with their attempts after the claim), those it marked whose end was never
    /// written (`unended`), and those whose end was (`ended`).
    struct Leftover {
        var untried: [(id: UUID, attempts: Int)]
        var unended: [UUID]
        var ended: [UUID]
    }

    /// Reads and removes the journals of runs that are gone (each file whose lock can be taken and
    /// that is still in the folder), giving each to `settle` before it is removed; a journal
    /// `settle` throws for stays for the next time. Leftover temporary files (a run killed between
    /// making its file and renaming it, before any record) are removed.
    func recover(_ settle: (Leftover) async throws -> Void) async throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(Self.suffix) || name.hasSuffix(".tmp") {
            let path = directory.appendingPathComponent(name).path
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            // Locked: a live run. Unlinked meanwhile: another instance recovered it first.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            var status = stat()
            guard fstat(fd, &status) == 0, status.st_nlink > 0 else { continue }
            guard name.hasSuffix(Self.suffix) else {
                unlink(path)
                continue
            }
            try await settle(Self.leftover(in: fd))
            unlink(path)
        }
    }

    /// The records of a journal, in order: the last `E` or `U` of an id says whether its end was
    /// written (a torn last record, which `write` never leaves, would be ignored).
    static func leftover(in fd: Int32) -> Leftover {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        var claims: [(id: UUID, attempts: Int)] = []
        var taken = Set<UUID>()
        var handed: [UUID] = []
        var ended = Set<UUID>()
        var offset = 0
        while offset + recordSize <= data.count {
            if let id = UUID(bytes: data[(offset + 1)..<(offset + 17)]) {
                switch data[offset] {
                case Self.claimed:
                    let attempts = data[(offset + 17)..<(offset + recordSize)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    claims.append((id, Int(Int32(bitPattern: attempts))))
                case Self.taken: taken.insert(id)
                case Self.handed: handed.append(id)
                case Self.ended: ended.insert(id)
                case Self.unended: ended.remove(id)
                default: break
                }
            }
            offset += recordSize
        }
        return Leftover(untried: claims.filter { !taken.contains($0.id) },
                        unended: handed.filter { !ended.contains($0) }, ended: handed.filter { ended.contains($0) })
    }

    /// A journal file could not be made (the system call and its errno).
    public struct JournalError: Error, Sendable {
        public let operation: String
        public let code: Int32
    }
}
