import Crypto
import Foundation
import Vapor

extension Request {
    /// A key for one purpose (`info`), derived with HKDF from the current field-encryption key, which
    /// every instance shares: signed CSRF tokens and the download counter's client hashes agree across
    /// instances without a secret of their own. One derivation for every such purpose, made once per
    /// key ring (`FieldKeyRing.derivedKey`), not on every request.
    func serverKey(_ info: String) -> SymmetricKey {
        madoguchi.cipher.keyRing.derivedKey(info: info, salt: "madoguchi")
    }

    /// The same purpose's keys derived from the ring's other keys, for checking a value made before
    /// a key change, or by an instance not yet restarted with the new ring (signed CSRF tokens).
    func olderServerKeys(_ info: String) -> [SymmetricKey] {
        let ring = madoguchi.cipher.keyRing
        return ring.keyIDs.filter { $0 != ring.currentKeyID }.compactMap { ring.derivedKey(info: info, salt: "madoguchi", keyID: $0) }
    }
}
