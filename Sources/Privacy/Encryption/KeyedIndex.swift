import Crypto
import Foundation
import MadoguchiCore

/// A keyed-hash index value (`KeyedIndexDeclaration`) with the id of the field key it was made
/// under. Rows are written with the current key's value and found by the values under every key in
/// the ring, so a key rotation does not lose them; rotation then re-keys them
/// (`FieldKeyRotation`).
public struct KeyedIndex: Sendable, Hashable {
    public let keyID: String
    public let value: String

    /// The salt of every index key (HKDF); the declaration's purpose tells indexes apart.
    static let salt = "madoguchi"

    /// The value of `plaintext` under the ring's current key, for a write.
    public static func current(_ plaintext: String, _ declaration: KeyedIndexDeclaration, ring: FieldKeyRing) -> KeyedIndex {
        make(plaintext, declaration, ring: ring, keyID: ring.currentKeyID)!
    }

    /// The values of `plaintext` under every key in the ring, the current key's first, for a lookup.
    public static func candidates(_ plaintext: String, _ declaration: KeyedIndexDeclaration, ring: FieldKeyRing) -> [KeyedIndex] {
        ([ring.currentKeyID] + ring.keyIDs.filter { $0 != ring.currentKeyID }).compactMap { make(plaintext, declaration, ring: ring, keyID: $0) }
    }

    static func make(_ plaintext: String, _ declaration: KeyedIndexDeclaration, ring: FieldKeyRing, keyID: String) -> KeyedIndex? {
        guard let key = ring.derivedKey(info: declaration.purpose, salt: salt, keyID: keyID) else { return nil }
        return KeyedIndex(keyID: keyID, value: SecretToken.keyedHash(declaration.normalization.apply(plaintext), key: key))
    }
}
