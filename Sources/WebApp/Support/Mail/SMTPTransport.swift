import Mail
import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Sends mail to an SMTP relay (RFC 5321). The city's mail relay (or a local MTA) handles TLS and
/// onward delivery; this client speaks plain SMTP to it on the private network. Text is UTF-8 in
/// base64, the subject RFC 2047-encoded, every header value has line breaks removed, and a
/// message's extra headers are checked again before they are written (`MailHeader`: a stored
/// header with a line break is refused, never written). A session (`openSession`) keeps one
/// connection for many messages and reconnects after a failure; the outbox runs several sessions
/// at once. Blocking socket I/O runs on the transport's own thread pool, never on the request threads.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let heloName: String
    var timeoutSeconds = 20

    func send(_ message: MailMessage, from: String) async throws {
        let session = SMTPSession(transport: self, from: from)
        do { try await session.send(message, id: UUID()) } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    func openSession(from: String) -> any MailSession { SMTPSession(transport: self, from: from) }

    /// RFC 5322 dates, made once (a formatter per message cost more than the rest of the rendering);
    /// formatting with it is thread-safe.
    nonisolated(unsafe) private static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }()

    /// The message as sent after DATA, dot-stuffed, CRLF line ends. Written in one pass over the
    /// text (no search-and-replace over the whole message: this runs once per message of a fan-out).
    static func render(_ message: MailMessage, from: String, date: Date, messageID: String) throws -> String {
        func clean(_ value: String) -> String {
            value.utf8.contains { $0 == 13 || $0 == 10 } ? String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 }) : value
        }
        let subject = "=?UTF-8?B?" + Data(clean(message.subject).utf8).base64EncodedString() + "?="
        // The body with every line end (CRLF, LF or a lone CR) as CRLF, then base64 in 76-character lines.
        var bodyBytes: [UInt8] = []
        bodyBytes.reserveCapacity(message.body.utf8.count + 64)
        var previousCR = false
        for byte in message.body.utf8 {
            if byte == 10 {
                if !previousCR { bodyBytes.append(13) }
                bodyBytes.append(10)
                previousCR = false
            } else {
                if previousCR { bodyBytes.append(10) }
                if byte == 13 { bodyBytes.append(13); previousCR = true } else { bodyBytes.append(byte); previousCR = false }
            }
        }
        if previousCR { bodyBytes.append(10) }
        let body = Data(bodyBytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        var lines = [
            "From: <\(clean(from))>", "To: <\(clean(message.to))>", "Subject: \(subject)", "Date: \(dateFormatter.string(from: date))",
            "Message-ID: <\(clean(messageID))>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        for header in message.headers {
            // Re-checked here: whatever reached the outbox, a value with a line break is never written.
            let checked: MailHeader
            do { checked = try MailHeader(name: header.name, value: header.value) } catch {
                throw MailDeliveryError(code: "header", permanent: true)
            }
            let ascii = checked.value.utf8.allSatisfy { (32...126).contains($0) }
            lines.append("\(checked.name): " + (ascii ? checked.value : "=?UTF-8?B?" + Data(checked.value.utf8).base64EncodedString() + "?="))
        }
        // base64 never starts a line with a dot, but stuff every line anyway: a line "." would end DATA.
        var text = ""
        text.reserveCapacity(body.utf8.count + lines.reduce(0) { $0 + $1.utf8.count + 2 } + 8)
        for line in lines {
            if line.hasPrefix(".") { text += "." }
            text += line
            text += "\r\n"
        }
        text += "\r\n"
        for line in body.split(separator: "\r\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".") { text += "." }
            text += line
            text += "\r\n"
        }
        text.removeLast()   // the last "\r\n" (one grapheme): DATA's end adds its own
        return text
    }
}

/// One SMTP connection used for message after message: EHLO once, then MAIL FROM, RCPT TO, DATA per
/// message (RSET only after a transaction cut short). A reply the server gives (4xx, 5xx) leaves the
/// connection usable; a broken connection (no reply, a read or write error) is dropped and the next
/// message opens a new one. Used by one delivery loop at a time (the outbox's), so its state is
/// guarded by a lock only to be safe across thread-pool threads.
final class SMTPSession: MailSession, @unchecked Sendable {
    private let transport: SMTPTransport
    private let from: String
    private let lock = NSLock()
    private var connection: SMTPConnection?
    /// The last transaction was cut short: RSET before the next.
    private var needsReset = false
    /// The current message's final `.` once written (`writeEnd`): what of it is left to write, or why it could not be.
    private var end: Result<ArraySlice<UInt8>, any Error>?

    init(transport: SMTPTransport, from: String) {
        self.transport = transport
        self.from = from
    }

    /// The blocking socket work of every SMTP session runs here, not on NIO's shared blocking pool
    /// (which the SQLite driver uses too): a delivery batch keeps several connections waiting on
    /// their replies at once (`MADOGUCHI_MAIL_CONNECTIONS`, at most 32), and none of them may hold a
    /// thread a database query needs.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 32)
        pool.start()
        return pool
    }()

    func send(_ message: MailMessage, id: UUID) async throws {
        let data = try render(message, id: id)
        try await Self.pool.runIfActive { try self.sendBlocking(message, data: data) }
    }

    /// Two phases (exactly once, `MailSession`): MAIL, RCPT, DATA and the text up to its last line
    /// end on the pool; then `handOver`, given `writeEnd`, which the outbox runs the moment the
    /// group commit of the mark is seen (on the database's event loop, before this task resumes): it
    /// writes the final `.` without blocking, so that nothing but that write lies between the commit
    /// and the server holding the end of the data. Then whatever of it did not fit in the socket
    /// buffer (noted with the outbox's `MailEndWritten` just before), and the answer, on the pool. If `handOver` throws (not marked: `writeEnd` never ran),
    /// the connection is closed without the `.`: the server aborts the transaction. A refusal
    /// (4xx/5xx) or a failed write of the `.` is thrown as usual (the server did not take it: it is
    /// retried); an answer that never comes throws `MailDeliveryUnconfirmed`.
    func send(_ message: MailMessage, id: UUID, handOver: MailHandOver) async throws {
        let data = try render(message, id: id)
        try await Self.pool.runIfActive { try self.sendUpToEnd(message, data: data) }
        let endWritten: MailEndWritten
        do {
            endWritten = try await handOver { self.writeEnd() }
        } catch {
            lock.withLock { dropConnection() }
            throw error
        }
        let pending = try lock.withLock { () throws -> ArraySlice<UInt8> in
            defer { end = nil }
            switch end {
            case .success(let rest): return rest
            case .failure(let error):
                dropConnection()
                throw error
            case nil:
                // The outbox runs `writeEnd` before `handOver` returns; should it not, the data was
                // never ended: drop the connection (the server aborts it) and let it be retried.
                dropConnection()
                throw MailDeliveryError(code: "write", permanent: false)
            }
        }
        try await Self.pool.runIfActive { try self.finishData(pending, then: endWritten) }
    }

    /// The final `.` of the data, written once per message without waiting (what did not fit in the
    /// socket buffer is kept for `finishData`): true when all of it is in the socket. Runs on the
    /// thread that saw the hand-over mark committed; never blocks (the session's task is suspended
    /// meanwhile, so the lock is free).
    private func writeEnd() -> Bool {
        lock.withLock {
            guard end == nil else { return false }
            end = Result {
                guard let connection else { throw MailDeliveryError(code: "write", permanent: false) }
                return try connection.writeWithoutWaiting(Array(".\r\n".utf8)[...])
            }
            if case .success(let rest) = end { return rest.isEmpty }
            return false
        }
    }

    private func render(_ message: MailMessage, id: UUID) throws -> String {
        try SMTPTransport.render(message, from: from, date: Date(), messageID: "\(id.uuidString.lowercased())@\(transport.heloName)")
    }

    /// The first phase: everything but the final `.` (the text ends with its last line end).
    private func sendUpToEnd(_ message: MailMessage, data: String) throws {
        lock.withLock { end = nil }
        try transaction(message, text: data + "\r\n")
    }

    /// The last phase: whatever of the `.` did not fit in the socket buffer at once (`endWritten`
    /// just before), then the answer.
    private func finishData(_ pending: ArraySlice<UInt8>, then endWritten: MailEndWritten) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let connection else { throw MailDeliveryError(code: "write", permanent: false) }
        do {
            if !pending.isEmpty {
                endWritten()
                try connection.write(bytes: pending)
            }
        } catch {
            dropConnection()
            throw error   // the end of the data never reached the server: it aborts the transaction
        }
        needsReset = false
        do {
            try connection.expect(250)
        } catch let error as MailDeliveryError where error.code.hasPrefix("smtp-") {
            throw error   // refused at the end of the data: not accepted, the connection still good
        } catch {
            dropConnection()
            throw MailDeliveryUnconfirmed()
        }
    }

    /// One phase: the whole message with its final `.`, then the answer.
    private func sendBlocking(_ message: MailMessage, data: String) throws {
        try transaction(message, text: data + "\r\n.\r\n") { connection in
            needsReset = false
            try connection.expect(250)
        }
    }

    /// MAIL, RCPT, DATA and `text` under the lock, then `ending` (the one-phase send reads the
    /// answer there). A transaction that ended with the server's reply to the data is over (RFC
    /// 5321, 4.1.1.4), so the next one starts at once; RSET only after one that was cut short (a
    /// refused sender or recipient). A reply the server gives leaves the connection usable;
    /// anything else drops it.
    private func transaction(_ message: MailMessage, text: String, then ending: (SMTPConnection) throws -> Void = { _ in }) throws {
        lock.lock()
        defer { lock.unlock() }
        do {
            let connection = try connected()
            if needsReset { try connection.command("RSET", expect: 250) }
            needsReset = true
            try connection.command("MAIL FROM:<\(from)>", expect: 250)
            try connection.command("RCPT TO:<\(message.to)>", expect: 250, 251)
            try connection.command("DATA", expect: 354)
            try connection.write(text)
            try ending(connection)
        } catch let error as MailDeliveryError where error.code.hasPrefix("smtp-") {
            throw error   // the server answered: the connection is still good
        } catch {
            dropConnection()
            throw error
        }
    }

    private func connected() throws -> SMTPConnection {
        if let connection { return connection }
        let fresh = try SMTPConnection(host: transport.host, port: transport.port, timeoutSeconds: transport.timeoutSeconds)
        do {
            try fresh.expect(220)
            try fresh.command("EHLO \(transport.heloName)", expect: 250)
        } catch {
            fresh.close()
            throw error
        }
        connection = fresh
        needsReset = false
        return fresh
    }

    private func dropConnection() {
        connection?.close()
        connection = nil
    }

    func close() async {
        guard lock.withLock({ connection != nil }) else { return }
        _ = try? await Self.pool.runIfActive { self.closeNow() }
    }

    /// QUIT and close (blocking; on the thread pool or after a single send).
    func closeNow() {
        lock.lock()
        defer { lock.unlock() }
        try? connection?.command("QUIT", expect: 221)
        dropConnection()
    }
}

/// A blocking TCP connection reading SMTP replies line by line.
final class SMTPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeoutSeconds: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw MailDeliveryError(code: "dns", permanent: false)
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let e = entry, connected < 0 {
            let s = socket(e.pointee.ai_family, e.pointee.ai_socktype, e.pointee.ai_protocol)
            if s >= 0 {
                var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                // The final "." goes alone after the data (once the hand-over mark is committed): with
                // Nagle's algorithm it would wait for the server's delayed ACK of the data (40 ms).
                var noDelay: Int32 = 1
                setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
                if connect(s, e.pointee.ai_addr, e.pointee.ai_addrlen) == 0 { connected = s } else { Glibc.close(s) }
            }
            entry = e.pointee.ai_next
        }
        guard connected >= 0 else { throw MailDeliveryError(code: "connect", permanent: false) }
        fd = connected
    }

    func close() { Glibc.close(fd) }

    func write(_ text: String) throws { try write(bytes: Array(text.utf8)[...]) }

    func write(bytes: ArraySlice<UInt8>) throws {
        var bytes = bytes
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw MailDeliveryError(code: "write", permanent: false) }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Writes what fits in the socket buffer now, without waiting; returns the rest (empty when all
    /// of it went in).
    func writeWithoutWaiting(_ bytes: ArraySlice<UInt8>) throws -> ArraySlice<UInt8> {
        let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        if n < 0 {
            guard errno == EAGAIN || errno == EWOULDBLOCK else { throw MailDeliveryError(code: "write", permanent: false) }
            return bytes
        }
        return bytes.dropFirst(n)
    }

    func command(_ line: String, expect codes: Int...) throws {
        try write(line + "\r\n")
        try expect(codes)
    }

    func expect(_ codes: Int...) throws { try expect(codes) }

    /// Reads one reply (continuation lines `250-…` up to `250 …`) and checks its code.
    private func expect(_ codes: [Int]) throws {
        while true {
            let line = try readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw MailDeliveryError(code: "protocol", permanent: false) }
            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard codes.contains(code) else { throw MailDeliveryError(code: "smtp-\(code)", permanent: (500...599).contains(code)) }
            return
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .newlines)
                buffer.removeSubrange(...end)
                return line
            }
            guard buffer.count < 65_536 else { throw MailDeliveryError(code: "protocol", permanent: false) }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw MailDeliveryError(code: "read", permanent: false) }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
