import Crypto
import Foundation
import MadoguchiCore

/// The keys that encrypt personal fields at rest, each with an id that is stored with every
/// ciphertext, and one marked current for new writes. Old keys stay in the ring until rotation
/// has re-encrypted every record under the current one.
///
/// Written as `k1:BASE64,*k2:BASE64` (comma- or newline-separated; `*` marks the current key; a
/// lone key is current), in `MADOGUCHI_FIELD_KEYS` or in the file named by `MADOGUCHI_FIELD_KEYS_FILE`.
public struct FieldKeyRing: Sendable {
    public let currentKeyID: String
    private let keys: [String: SymmetricKey]
    /// Keys derived from the ring's keys, made once each (`derivedKey(info:salt:keyID:)`).
    private let derived = DerivedKeys()

    public init(keys: [String: SymmetricKey], currentKeyID: String) throws(FieldCipherError) {
        guard keys[currentKeyID] != nil else { throw .unknownKey(currentKeyID) }
        for (id, key) in keys {
            guard Self.isValidID(id) else { throw .malformedKeyList("invalid key id \"\(id)\"") }
            guard key.bitCount == 256 else { throw .malformedKeyList("key \(id) is not 32 bytes") }
        }
        self.keys = keys
        self.currentKeyID = currentKeyID
    }

    public var keyIDs: [String] { keys.keys.sorted() }

    public var currentKey: SymmetricKey { keys[currentKeyID]! }

    public func key(id: String) -> SymmetricKey? { keys[id] }

    /// A 32-byte key for one purpose (`info`), derived with HKDF-SHA256 from the current key and `salt`:
    /// the same for every instance sharing the ring, and derived once per ring and purpose (the ring
    /// never changes; a rotation makes a new ring).
    public func derivedKey(info: String, salt: String) -> SymmetricKey {
        derivedKey(info: info, salt: salt, keyID: currentKeyID)!
    }

    /// The same derivation from the ring's key `keyID` (nil when the ring has no such key), for
    /// values made under a key that is no longer current (`KeyedIndex`).
    public func derivedKey(info: String, salt: String, keyID: String) -> SymmetricKey? {
        guard let key = keys[keyID] else { return nil }
        return derived.key(for: keyID + "\u{0}" + salt + "\u{0}" + info) {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: Data(salt.utf8), info: Data(info.utf8), outputByteCount: 32)
        }
    }

    /// Key ids are short tokens: letters, digits, `_` and `-`, so they fit in the envelope.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 32 && id.unicodeScalars.allSatisfy {
            ScalarClass.isASCIILetter($0) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "_" || $0 == "-"
        }
    }

    /// Parses the `k1:BASE64,*k2:BASE64` form. Never includes key material in its errors.
    public static func parse(_ text: String) throws(FieldCipherError) -> FieldKeyRing {
        var keys: [String: SymmetricKey] = [:]
        var current: String?
        let entries = text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for entry in entries {
            var body = Substring(entry)
            let marked = body.hasPrefix("*")
            if marked { body = body.dropFirst() }
            guard let colon = body.firstIndex(of: ":") else { throw .malformedKeyList("an entry has no \"id:\" prefix") }
            let id = String(body[..<colon])
            guard isValidID(id) else { throw .malformedKeyList("invalid key id \"\(id)\"") }
            guard keys[id] == nil else { throw .malformedKeyList("key id \(id) appears twice") }
            guard let bytes = Data(base64Encoded: String(body[body.index(after: colon)...])) else {
                throw .malformedKeyList("key \(id) is not valid base64")
            }
            guard bytes.count == 32 else { throw .malformedKeyList("key \(id) has \(bytes.count) bytes, expected 32") }
            keys[id] = SymmetricKey(data: bytes)
            if marked {
                guard current == nil else { throw .malformedKeyList("more than one key is marked current with *") }
                current = id
            }
        }
        guard !keys.isEmpty else { throw .noKeys }
        if current == nil {
            guard keys.count == 1 else { throw .malformedKeyList("several keys but none marked current with *") }
            current = keys.keys.first
        }
        return try FieldKeyRing(keys: keys, currentKeyID: current!)
    }

    public static let environmentVariable = "MADOGUCHI_FIELD_KEYS"
    public static let fileEnvironmentVariable = "MADOGUCHI_FIELD_KEYS_FILE"

    /// The ring from the environment: the key file if one is named, else the inline variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(FieldCipherError) -> FieldKeyRing {
        if let path = environment[fileEnvironmentVariable], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .keyFileUnreadable(path)
            }
            return try parse(text)
        }
        guard let inline = environment[environmentVariable], !inline.isEmpty else { throw .noKeys }
        return try parse(inline)
    }

    /// A fresh random key in the ring's text form, for `madoguchi privacy new-key`.
    public static func generateEntry(id: String) -> String {
        let key = SymmetricKey(size: .bits256)
        return "\(id):" + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }
}

/// The derived keys of one ring, behind a lock (a ring is shared by every request).
private final class DerivedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: SymmetricKey] = [:]

    func key(for name: String, derive: () -> SymmetricKey) -> SymmetricKey {
        lock.lock()
        defer { lock.unlock() }
        if let key = keys[name] { return key }
        let key = derive()
        keys[name] = key
        return key
    }
}
