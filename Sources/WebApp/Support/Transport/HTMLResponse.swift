import Plot
import Vapor

extension HTML {
    /// The page as a response, UTF-8, never cached (pages may show personal data).
    func response(status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: render()))
    }
}
