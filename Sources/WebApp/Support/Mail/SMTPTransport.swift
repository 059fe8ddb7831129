import Mail
import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Sends one message per connection to an SMTP relay (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA,
/// QUIT. The city's mail relay (or a local MTA) handles TLS and onward delivery; this client speaks
/// plain SMTP to it on the private network. Text is UTF-8 in base64, the subject RFC 2047-encoded,
/// and every header value has line breaks removed, so typed text cannot add headers.
/// Blocking socket I/O runs on NIO's thread pool, never on the request threads.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let heloName: String
    var timeoutSeconds = 20

    func send(_ message: MailMessage, from: String) async throws {
        let data = Self.render(message, from: from, date: Date(), messageID: "\(UUID().uuidString.lowercased())@\(heloName)")
        let (host, port, helo, timeout) = (host, port, heloName, timeoutSeconds)
        try await NIOThreadPool.singleton.runIfActive {
            let connection = try SMTPConnection(host: host, port: port, timeoutSeconds: timeout)
            defer { connection.close() }
            try connection.expect(220)
            try connection.command("EHLO \(helo)", expect: 250)
            try connection.command("MAIL FROM:<\(from)>", expect: 250)
            try connection.command("RCPT TO:<\(message.to)>", expect: 250, 251)
            try connection.command("DATA", expect: 354)
            try connection.write(data + "\r\n.\r\n")
            try connection.expect(250)
            try? connection.command("QUIT", expect: 221)
        }
    }

    /// The message as sent after DATA, dot-stuffed, CRLF line ends.
    static func render(_ message: MailMessage, from: String, date: Date, messageID: String) -> String {
        func clean(_ value: String) -> String { value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "=?UTF-8?B?" + Data(clean(message.subject).utf8).base64EncodedString() + "?="
        let body = Data(message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let lines = [
            "From: <\(clean(from))>", "To: <\(clean(message.to))>", "Subject: \(subject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(clean(messageID))>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64", "", body,
        ]
        // base64 never starts a line with a dot, but stuff anyway: a line "." would end DATA.
        return lines.joined(separator: "\r\n").split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }
}

/// A blocking TCP connection reading SMTP replies line by line.
private final class SMTPConnection {
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
                if connect(s, e.pointee.ai_addr, e.pointee.ai_addrlen) == 0 { connected = s } else { Glibc.close(s) }
            }
            entry = e.pointee.ai_next
        }
        guard connected >= 0 else { throw MailDeliveryError(code: "connect", permanent: false) }
        fd = connected
    }

    func close() { Glibc.close(fd) }

    func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw MailDeliveryError(code: "write", permanent: false) }
            bytes = bytes.dropFirst(n)
        }
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
