import Crypto
import Foundation

/// API tokens: 32 random bytes shown once; the database keeps their SHA-256.
enum APITokens {
    static func generate() -> String {
        "mdg_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64URLEncoded
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
