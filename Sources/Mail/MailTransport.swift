import Foundation

/// What actually sends mail (SMTP in the server; anything in tests).
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage, from: String) async throws
    /// A session for many messages in a row (SMTP: one connection, RSET between messages). The
    /// default sends each message with `send`.
    func openSession(from: String) -> any MailSession
}

/// Several messages through one transport, one after the other, then `close()`. `id` is the
/// outbox row's: the same on every attempt, so a message sent twice carries the same Message-ID.
public protocol MailSession: Sendable {
    func send(_ message: MailMessage, id: UUID) async throws
    /// Sends in two phases, for delivery exactly once: everything but the end of the data (SMTP:
    /// MAIL, RCPT, DATA and the text without its final `.`), then `handOver(writeEnd)`, then the
    /// receiver's answer. A receiver only accepts a message at its end (SMTP: the final `CRLF.CRLF`;
    /// a connection lost before it aborts the transaction, RFC 5321 4.1.1.4), so the end must be
    /// written only once the outbox has durably marked the message handed over, and as soon as
    /// possible after: the outbox runs `writeEnd` — synchronous, never blocking, at most once — the
    /// moment the mark's commit is seen, on whatever thread sees it, before `handOver` returns.
    /// `writeEnd` writes what it can without waiting and returns true when the whole end is in the
    /// socket (the outbox notes each end in its `HandOverJournal` just before running `writeEnd`, and
    /// retracts the note when it returns false); the session then writes the rest after `handOver`
    /// returns, calling the `MailEndWritten` it returned just before that write. If the mark was not committed `handOver` throws
    /// without running `writeEnd` (abort: drop the connection, the receiver never sees the end).
    /// After the end was written, an answer that never comes throws `MailDeliveryUnconfirmed`. The
    /// default, for a transport that cannot hold a message half-sent, sends it in one go without
    /// calling `handOver` (at least once, as `send`).
    func send(_ message: MailMessage, id: UUID, handOver: MailHandOver) async throws
    func close() async
}

/// The outbox's side of a two-phase send (`MailSession.send(_:id:handOver:)`): marks the message
/// handed over, runs the given end-of-data writer the moment that mark is committed (true: the
/// whole end entered the socket), and returns what the session calls just before it writes the
/// rest of the end (when the writer could not write all of it); throws, never having run the writer,
/// when the mark was not committed.
public typealias MailHandOver = @Sendable (_ writeEnd: @escaping @Sendable () -> Bool) async throws -> MailEndWritten

/// Called by a session just before it writes the rest of a message's end (the end-of-data writer
/// returned false): the outbox notes it in its `HandOverJournal` again.
public typealias MailEndWritten = @Sendable () -> Void

extension MailSession {
    public func send(_ message: MailMessage, id: UUID, handOver: MailHandOver) async throws {
        try await send(message, id: id)
    }
}

extension MailTransport {
    public func openSession(from: String) -> any MailSession { OneByOneSession(transport: self, from: from) }
}

/// The end of a handed-over message's data was written but its answer never came (the connection
/// broke or timed out): the receiver may have accepted it, so it is not sent again. The outbox
/// records it as delivered with `last_error` `unconfirmed`.
public struct MailDeliveryUnconfirmed: Error, Sendable {
    public init() {}
}

private struct OneByOneSession: MailSession {
    let transport: any MailTransport
    let from: String
    func send(_ message: MailMessage, id: UUID) async throws { try await transport.send(message, from: from) }
    func close() async {}
}

/// Why a transport could not deliver: `permanent` (SMTP 5xx, a webhook's 4xx: refused for good)
/// stops retries; a `code` starting `smtp-4` or `http-5` is the receiver's temporary refusal, as
/// are a webhook's 408 and 429 and a webhook receiver that cannot be reached or does not answer in
/// time (`http-connect`, `http-timeout`); anything else (an SMTP connection lost, a protocol error)
/// is a technical failure. Both are retried; a webhook retried to the end ends as a technical failure.
public struct MailDeliveryError: Error, Sendable {
    public let code: String
    public let permanent: Bool
    public init(code: String, permanent: Bool) { self.code = code; self.permanent = permanent }

    public var status: DeliveryStatus {
        if permanent { return .permanentFailure }
        if code.hasPrefix("smtp-4") || code.hasPrefix("http-5") || ["http-408", "http-429", "http-timeout", "http-connect"].contains(code) {
            return .temporaryFailure
        }
        return .technicalFailure
    }
}
