import MadoguchiCore

/// Session cookie values: 256 random bits, and the SHA-256 hash under which a session is stored.
enum SessionToken {
    static let cookieName = "madoguchi_session"

    /// Behind HTTPS (`MADOGUCHI_PUBLIC_URL` https, Secure cookies on) cookies take the `__Host-`
    /// prefix, so the browser keeps them only when Secure, for this host and path `/` (ASVS 3.4.4).
    /// Plain-HTTP local development keeps the bare name, which every browser accepts there.
    static func name(_ base: String, _ configuration: Configuration) -> String {
        configuration.secureCookies && configuration.mail.publicURL.hasPrefix("https://") ? "__Host-" + base : base
    }

    /// 256 random bits, URL-safe (`SecretToken`).
    static func random() -> String { SecretToken.generate(bytes: 32) }

    /// Lower-case hex SHA-256: the only form of a session id the database ever holds.
    static func hash(_ token: String) -> String { SecretToken.hash(token) }
}
