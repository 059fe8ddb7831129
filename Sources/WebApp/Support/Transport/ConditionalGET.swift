import Crypto
import Foundation
import MadoguchiCore
import Vapor

/// Conditional GET for documents made on request (feeds, CAP messages): an ETag from the content's
/// hash and Last-Modified, and `304 Not Modified` when the client's If-None-Match (or, without it,
/// If-Modified-Since) still holds.
enum ConditionalGET {
    /// The longest If-Modified-Since value read (an HTTP date is 29 characters).
    static let maxDateLength = 64

    static func response(_ req: Request, body: String, lastModified: Date, contentType: String) -> Response {
        let etag = "\"\(SHA256.hash(data: Data(body.utf8)).prefix(16).lowercaseHex)\""
        let modified = Date(timeIntervalSince1970: lastModified.timeIntervalSince1970.rounded(.down))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .lastModified, value: modified.rfc1123)
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        let ifNoneMatch = req.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if !ifNoneMatch.isEmpty {
            if ifNoneMatch.contains(etag) || ifNoneMatch.contains("W/" + etag) || ifNoneMatch.contains("*") {
                return Response(status: .notModified, headers: headers)
            }
        } else if let text = req.headers.first(name: .ifModifiedSince), text.count <= maxDateLength,
                  let since = Date(rfc1123: text), modified <= since {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
