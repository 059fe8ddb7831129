import Crypto
import Foundation
import Vapor

extension Request {
    /// A key for one purpose (`info`), derived with HKDF from the current field-encryption key, which
    /// every instance shares: signed CSRF tokens and the download counter's client hashes agree across
    /// instances without a secret of their own. One derivation for every such purpose.
    func serverKey(_ info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: madoguchi.cipher.keyRing.currentKey, salt: Data("madoguchi".utf8),
                               info: Data(info.utf8), outputByteCount: 32)
    }
}
