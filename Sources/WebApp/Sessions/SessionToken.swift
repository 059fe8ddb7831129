import Crypto
import Foundation

/// Session cookie values: 256 random bits, and the SHA-256 hash under which a session is stored.
enum SessionToken {
    static let cookieName = "madoguchi_session"

    static func random() -> String {
        Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
    }

    /// Lower-case hex SHA-256: the only form of a session id the database ever holds.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
