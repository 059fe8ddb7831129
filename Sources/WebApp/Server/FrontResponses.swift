import NIOCore

/// The few answers the front gives itself, before a request reaches the application: each closes
/// the connection. Plain text in Japanese and English (the application's pages are not involved).
enum FrontResponses {
    enum Kind {
        case badRequest, serviceUnavailable

        var head: String {
            switch self {
            case .badRequest: "400 Bad Request"
            case .serviceUnavailable: "503 Service Unavailable"
            }
        }

        var text: String {
            switch self {
            case .badRequest:
                "リクエストの形式が正しくありません。\nThe request is malformed.\n"
            case .serviceUnavailable:
                "ただいま混み合っています。しばらくしてからもう一度お試しください。\nThe server is busy. Please try again in a moment.\n"
            }
        }
    }

    static func bytes(_ kind: Kind) -> ByteBuffer {
        let body = Array(kind.text.utf8)
        var head = "HTTP/1.1 \(kind.head)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
        if case .serviceUnavailable = kind { head += "Retry-After: 5\r\n" }
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        var buffer = ByteBuffer(string: head)
        buffer.writeBytes(body)
        return buffer
    }

    /// Writes the answer and closes the connection once it is written.
    static func write(_ kind: Kind, to channel: Channel) {
        channel.writeAndFlush(bytes(kind)).whenComplete { _ in channel.close(promise: nil) }
    }
}
