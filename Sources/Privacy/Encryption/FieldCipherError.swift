import MadoguchiCore

/// Why a field could not be encrypted or decrypted. Messages name key ids and tables, never key
/// material or plaintext.
public enum FieldCipherError: UserFacingError, Equatable {
    /// Neither `MADOGUCHI_FIELD_KEYS` nor `MADOGUCHI_FIELD_KEYS_FILE` holds a key.
    case noKeys
    case keyFileUnreadable(String)
    case malformedKeyList(String)
    /// The ciphertext names a key id the ring does not have (removed too early, or wrong ring).
    case unknownKey(String)
    /// Not a `v1.<keyid>.<base64>` envelope.
    case malformedEnvelope
    /// The key or the associated data (table, column, record id) does not match: wrong key,
    /// tampered data, or a value copied from another record.
    case authenticationFailed(keyID: String)

    public var kind: ErrorKind { .internalFailure }

    public var message: LocalizedText {
        switch self {
        case .noKeys:
            return LocalizedText(ja: "暗号鍵が設定されていません（MADOGUCHI_FIELD_KEYS または MADOGUCHI_FIELD_KEYS_FILE）",
                                 en: "No field-encryption key configured (set MADOGUCHI_FIELD_KEYS or MADOGUCHI_FIELD_KEYS_FILE)")
        case .keyFileUnreadable(let path):
            return LocalizedText(ja: "暗号鍵ファイルを読み込めません: \(path)", en: "Cannot read the key file \(path)")
        case .malformedKeyList(let why):
            return LocalizedText(ja: "暗号鍵の設定が不正です: \(why)", en: "Invalid key list: \(why)")
        case .unknownKey(let id):
            return LocalizedText(ja: "鍵ID「\(id)」の暗号鍵がありません（鍵を削除する前に再暗号化が必要です）",
                                 en: "No key with id \"\(id)\" in the key ring (re-encrypt before removing a key)")
        case .malformedEnvelope:
            return LocalizedText(ja: "暗号化データの形式が不正です", en: "Malformed ciphertext envelope")
        case .authenticationFailed(let id):
            return LocalizedText(ja: "鍵ID「\(id)」で復号できません（鍵が違うか、データが改ざんされています）",
                                 en: "Decryption with key \"\(id)\" failed: wrong key or tampered data")
        }
    }
}
