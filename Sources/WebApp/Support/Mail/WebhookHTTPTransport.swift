import AsyncHTTPClient
import Foundation
import Mail
import NIOCore
import NIOHTTP1

/// POSTs webhook messages with AsyncHTTPClient: one client (and its connection pool, so a batch
/// reuses connections) per delivery batch, shut down when the batch ends. Every limit explicit:
/// `connectTimeout` to open a connection, `totalTimeout` for the whole exchange (request sent,
/// answer read), at most `maxResponseBytes` of the answer read and then thrown away, no redirect
/// followed (a 3xx is a permanent refusal: the endpoint's URL must be fixed).
struct WebhookHTTPTransport: WebhookTransport {
    static let connectTimeout = TimeAmount.seconds(5)
    static let totalTimeout = TimeAmount.seconds(15)
    static let maxResponseBytes = 64 * 1024

    func openSession() -> any WebhookSession {
        let configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: Self.connectTimeout, read: Self.totalTimeout),
                                                     decompression: .disabled)
        return WebhookHTTPSession(client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration))
    }

    /// The outcome of an answer's status: nil for 2xx (delivered), else the error the outbox records.
    static func refusal(status: UInt) -> MailDeliveryError? {
        switch status {
        case 200..<300: return nil
        case 408, 429: return MailDeliveryError(code: "http-\(status)", permanent: false)
        case 300..<500: return MailDeliveryError(code: "http-\(status)", permanent: true)
        default: return MailDeliveryError(code: "http-\(min(status, 999))", permanent: false)
        }
    }
}

struct WebhookHTTPSession: WebhookSession {
    let client: HTTPClient

    func post(_ message: WebhookRequest) async throws {
        var request = HTTPClientRequest(url: message.url)
        request.method = .POST
        for header in message.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "Madoguchi-Webhook/1")
        request.body = .bytes(ByteBuffer(bytes: message.body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: WebhookHTTPTransport.totalTimeout)
        } catch let error as HTTPClientError where [.connectTimeout, .deadlineExceeded, .readTimeout].contains(error) {
            throw MailDeliveryError(code: "http-timeout", permanent: false)
        } catch {
            throw MailDeliveryError(code: "http-connect", permanent: false)
        }
        // The status decides; the answer's body is read (at most maxResponseBytes, so a small one
        // leaves the connection reusable) and dropped, and a failure reading it changes nothing.
        var read = 0
        do {
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > WebhookHTTPTransport.maxResponseBytes { break }
            }
        } catch {}
        if let refusal = WebhookHTTPTransport.refusal(status: response.status.code) { throw refusal }
    }

    func close() async { try? await client.shutdown() }
}
