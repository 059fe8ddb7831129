import Crypto
import Foundation
import MadoguchiCore
import Vapor

extension Request {
    /// Who took an open-data file, for counting it once per client per day: a keyed hash (HMAC-SHA256
    /// under a key derived from the shared field-key ring) of the client's address and user agent. The
    /// address itself is never stored, and without the key the hash cannot be reversed by trying every
    /// IPv4 address.
    var downloadClientKey: String { downloadClientKey(under: serverKey("download-client-v1")) }

    /// The same client's hash under each older key still in the ring, so a client counted earlier
    /// the same day, before the field keys changed, is not counted again.
    var olderDownloadClientKeys: [String] { olderServerKeys("download-client-v1").map(downloadClientKey(under:)) }

    private func downloadClientKey(under key: SymmetricKey) -> String {
        let client = (clientAddress ?? "unknown") + "|" + (headers.first(name: .userAgent) ?? "").prefix(256)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(client.utf8), using: key)
        return mac.prefix(16).lowercaseHex
    }
}
