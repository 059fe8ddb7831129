import Crypto
import Foundation

/// Every random secret Madoguchi hands out — staff session cookies, API tokens, CSRF seeds and
/// tokens, mailed draft links, attachment references, the status secret of an application — is
/// made, hashed and compared here, and nowhere else.
///
/// - A token is crypto-random bytes (`SymmetricKey`, the system's secure generator) in URL-safe
///   base64 without padding, so it fits in a cookie, a path or a query unescaped.
/// - The database keeps only `hash(_:)`, the lower-case hex SHA-256 of the token's UTF-8 text (the
///   format every stored session, API token, draft, attachment and application already has).
/// - Secrets are compared with `equal(_:_:)` or `matches(_:hash:)`, in time that does not depend on
///   where the first difference is. A database lookup by hash (`filter(\.$tokenHash == hash)`) is
///   fine as it is: the hash of a high-entropy token reveals nothing usable.
public enum SecretToken {
    /// `bytes` crypto-random bytes as URL-safe base64 without padding (32 bytes → 43 characters),
    /// after `prefix` (e.g. `mdg_` marks API tokens).
    public static func generate(bytes: Int = 32, prefix: String = "") -> String {
        precondition(bytes >= 16, "a secret token needs at least 128 random bits")
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8))
        return prefix + key.withUnsafeBytes { Data($0) }.base64URLEncoded
    }

    /// The form under which a token is stored: lower-case hex SHA-256 of its UTF-8 text.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// A keyed hash (HMAC-SHA256, URL-safe base64) of `message`, for tokens that are derived
    /// rather than stored (CSRF form tokens).
    public static func keyedHash(_ message: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).base64URLEncoded
    }

    /// Whether `token` is the one stored as `hash`, in constant time.
    public static func matches(_ token: String, hash stored: String) -> Bool {
        equal(hash(token), stored)
    }

    /// Whether two secrets are equal, in time that depends only on their lengths.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    /// Base64 with `-` and `_` for `+` and `/`, without `=` padding (RFC 4648 §5): one pass over the
    /// standard encoding's bytes (every CSRF check and form page makes a few of these).
    public var base64URLEncoded: String {
        let standard = base64EncodedString()
        return String(unsafeUninitializedCapacity: standard.utf8.count) { out in
            var count = 0
            for byte in standard.utf8 where byte != UInt8(ascii: "=") {
                out[count] = byte == UInt8(ascii: "+") ? UInt8(ascii: "-") : byte == UInt8(ascii: "/") ? UInt8(ascii: "_") : byte
                count += 1
            }
            return count
        }
    }

    /// Decodes URL-safe base64 without padding (what `base64URLEncoded` and `SecretToken.generate`
    /// make); nil for anything else.
    public init?(base64URLEncoded text: String) {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        self.init(base64Encoded: standard)
    }
}
