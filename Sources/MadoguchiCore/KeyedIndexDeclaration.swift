import Foundation

/// A column that finds rows by a sealed column's value without storing it in clear: a keyed hash
/// (HMAC-SHA256) of the normalised plaintext under a key derived from one field key, with the id
/// of that key in a column of its own. Lookups try every key in the ring; key rotation re-keys the
/// index of every row not under the current key, in the same round as the sealed column it follows
/// (it is declared on that column: `EncryptedColumnDeclaration.keyedIndex`).
public struct KeyedIndexDeclaration: Sendable, Hashable {
    /// How the plaintext is put in one form before it is hashed.
    public enum Normalization: String, Sendable, Hashable {
        /// As it is.
        case exact
        /// Lower-cased (an e-mail address).
        case lowercased

        public func apply(_ plaintext: String) -> String {
            switch self {
            case .exact: return plaintext
            case .lowercased: return plaintext.lowercased()
            }
        }
    }

    /// The column holding the keyed hash.
    public let column: String
    /// The column holding the id of the field key the hash was made under (NULL for rows written
    /// before it existed: the next rotation round stamps them).
    public let keyIDColumn: String
    /// The purpose the hash key is derived for (HKDF `info`); never reused by another index.
    public let purpose: String
    public let normalization: Normalization

    public init(column: String, keyIDColumn: String, purpose: String, normalization: Normalization) {
        self.column = column
        self.keyIDColumn = keyIDColumn
        self.purpose = purpose
        self.normalization = normalization
    }
}
