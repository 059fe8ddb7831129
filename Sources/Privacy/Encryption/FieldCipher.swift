import Crypto
import Foundation

/// Where an encrypted value lives. It is bound into the ciphertext as associated data, so a value
/// copied into another record, column or table fails to decrypt instead of showing up there.
public struct FieldBinding: Sendable, Hashable {
    public let table: String
    public let column: String
    public let recordID: String

    public init(table: String, column: String, recordID: String) {
        self.table = table
        self.column = column
        self.recordID = recordID
    }

    var associatedData: Data { Data("madoguchi.field.v1|\(table)|\(column)|\(recordID)".utf8) }
}

/// Encrypts personal fields with AES-256-GCM under the ring's current key. The stored form is
/// `v1.<keyid>.<base64(nonce‖ciphertext‖tag)>`: the key id lets rotation find old records and
/// lets decryption pick the right key, and never lets a wrong key decrypt silently (GCM's tag fails).
public struct FieldCipher: Sendable {
    public let keyRing: FieldKeyRing
    static let version = "v1"

    public init(keyRing: FieldKeyRing) { self.keyRing = keyRing }

    public func encrypt(_ plaintext: String, binding: FieldBinding) throws -> String {
        let sealed = try AES.GCM.seal(Data(plaintext.utf8), using: keyRing.currentKey, authenticating: binding.associatedData)
        guard let combined = sealed.combined else { throw FieldCipherError.malformedEnvelope }
        return "\(Self.version).\(keyRing.currentKeyID).\(combined.base64EncodedString())"
    }

    public func decrypt(_ envelope: String, binding: FieldBinding) throws(FieldCipherError) -> String {
        let (keyID, payload) = try Self.parse(envelope)
        guard let key = keyRing.key(id: keyID) else { throw .unknownKey(keyID) }
        do {
            let box = try AES.GCM.SealedBox(combined: payload)
            let plain = try AES.GCM.open(box, using: key, authenticating: binding.associatedData)
            guard let text = String(data: plain, encoding: .utf8) else { throw FieldCipherError.malformedEnvelope }
            return text
        } catch {
            throw .authenticationFailed(keyID: keyID)
        }
    }

    /// Optional fields: nil stays nil.
    public func encryptOptional(_ plaintext: String?, binding: FieldBinding) throws -> String? {
        try plaintext.map { try encrypt($0, binding: binding) }
    }

    public func decryptOptional(_ envelope: String?, binding: FieldBinding) throws(FieldCipherError) -> String? {
        guard let envelope else { return nil }
        return try decrypt(envelope, binding: binding)
    }

    /// The key id an envelope was written with, for rotation.
    public static func keyID(of envelope: String) throws(FieldCipherError) -> String { try parse(envelope).keyID }

    /// True when the value is already under the current key.
    public func isCurrent(_ envelope: String) -> Bool {
        (try? Self.keyID(of: envelope)) == keyRing.currentKeyID
    }

    /// Decrypts under whatever key wrote it and encrypts again under the current key.
    public func reencrypt(_ envelope: String, binding: FieldBinding) throws -> String {
        try encrypt(try decrypt(envelope, binding: binding), binding: binding)
    }

    static func parse(_ envelope: String) throws(FieldCipherError) -> (keyID: String, payload: Data) {
        let parts = envelope.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == version, FieldKeyRing.isValidID(String(parts[1])),
              let payload = Data(base64Encoded: String(parts[2])), payload.count >= 12 + 16 else {
            throw .malformedEnvelope
        }
        return (String(parts[1]), payload)
    }
}
