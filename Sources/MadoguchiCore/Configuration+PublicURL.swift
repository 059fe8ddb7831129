import Foundation

extension Configuration {
    /// The site's public address (`MADOGUCHI_PUBLIC_URL` / `--public-url`), without a trailing
    /// slash: every absolute link (CKAN, DCAT, e-mail) is built on it, never on a request's Host
    /// header, which a client chooses.
    public var publicURL: String { mail.publicURL }

    /// Checks a public address: http or https, a host, no user, query or fragment; a path is
    /// allowed (a reverse proxy may serve Madoguchi below one).
    static func parsePublicURL(_ text: String?, hostname: String, port: Int) throws(Problem) -> String {
        let setting = "public URL (MADOGUCHI_PUBLIC_URL / --public-url)"
        guard let text, !text.isEmpty else {
            let host = hostname.contains(":") ? "[\(hostname)]" : hostname
            return "http://\(host):\(port)"
        }
        guard !text.contains(where: { $0.isWhitespace }), let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            throw Problem(setting: setting, message: "'\(text)' is not an http(s) address such as https://city.example.jp")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw Problem(setting: setting, message: "'\(text)' must not carry a user, query or fragment")
        }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
