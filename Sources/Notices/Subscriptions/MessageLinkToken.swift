import Foundation
import MadoguchiCore
import Privacy

/// The token of the manage and one-click unsubscribe links (RFC 8058) in every mailed notice and
/// alert, checked without a stored row: the subscription's id (16 bytes, URL-safe base64: 22
/// characters) followed by an HMAC-SHA256 of the municipality and that id under a key derived from
/// the field key ring (HKDF, purpose `keyInfo`; 43 characters). Only the server can make one:
/// changing any character, or naming another subscription or municipality, fails the HMAC
/// (compared in constant time); it carries no personal data (the id is a random UUID). A token
/// verifies under any key of the ring, the current one first, so links mailed before a key
/// rotation keep working while their key is in the ring (`madoguchi privacy rotate-keys` needs it
/// there until every row is re-encrypted); removing the key afterwards ends the links mailed under
/// it — newer mails, and the subscribe form's "manage" mail, carry working ones.
///
/// A fan-out therefore writes no link row per subscriber: the token is computed when the mail is
/// queued. Links mailed before these tokens (random tokens stored as SHA-256 in
/// `notices_subscription_links`) keep working through their rows.
enum MessageLinkToken {
    static let keyInfo = "notices-message-link-v1"
    static let salt = "madoguchi"
    /// The id's characters, then the HMAC's.
    static let idLength = 22
    static let length = idLength + 43

    /// The token of `subscriptionID` in `municipalityID`, under the ring's current key.
    static func make(subscriptionID: UUID, municipalityID: UUID, ring: FieldKeyRing) -> String {
        Data(subscriptionID.bytes).base64URLEncoded
            + SecretToken.keyedHash(message(subscriptionID, municipalityID), key: ring.derivedKey(info: keyInfo, salt: salt))
    }

    /// The subscription a token names when this server made it (under any key of the ring) for
    /// `municipalityID`; nil for anything else.
    static func subscriptionID(of token: String, municipalityID: UUID, ring: FieldKeyRing) -> UUID? {
        guard token.utf8.count == length else { return nil }
        let idText = String(token.prefix(idLength)), mac = String(token.dropFirst(idLength))
        // Only the canonical spelling of the id (its last character holds 4 bits of padding).
        guard let bytes = Data(base64URLEncoded: idText), bytes.base64URLEncoded == idText, let id = UUID(bytes: bytes) else { return nil }
        let signed = message(id, municipalityID)
        for keyID in [ring.currentKeyID] + ring.keyIDs.filter({ $0 != ring.currentKeyID }) {
            guard let key = ring.derivedKey(info: keyInfo, salt: salt, keyID: keyID) else { continue }
            if SecretToken.equal(SecretToken.keyedHash(signed, key: key), mac) { return id }
        }
        return nil
    }

    private static func message(_ subscriptionID: UUID, _ municipalityID: UUID) -> String {
        "notices.message-link.v1|\(municipalityID.uuidString.lowercased())|\(subscriptionID.uuidString.lowercased())"
    }
}
