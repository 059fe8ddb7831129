import MadoguchiCore

// Every error the Privacy module throws at its callers, in one place; their `ErrorKind` becomes an
// HTTP status in one place in WebApp (`ErrorKind+HTTP.swift`). The rotation and purge errors are
// for operators (startup and command line), not residents, so they carry a description only.

/// Why a request command was refused; values, not crashes, for the lead to show.
public enum PrivacyRequestError: UserFacingError, Equatable {
    case notFound
    case disclosureDateRequired
    case followUpWindowPassed(lastDay: CivilDate)
    case alreadyDecided
    case groundsRequired
    case invalidTransition(String)

    public var kind: ErrorKind {
        switch self {
        case .notFound: return .notFound
        case .alreadyDecided, .invalidTransition: return .conflict
        default: return .invalidInput
        }
    }

    public var message: LocalizedText {
        switch self {
        case .notFound: return LocalizedText(ja: "請求が見つかりません", en: "Request not found")
        case .disclosureDateRequired:
            return LocalizedText(ja: "訂正請求・利用停止請求には開示を受けた日が必要です", en: "The date of disclosure is required")
        case .followUpWindowPassed(let day):
            return LocalizedText(ja: "開示を受けた日から90日を過ぎています（期限 \(Wareki.format(day))）",
                                 en: "More than 90 days since disclosure (last day \(day))")
        case .alreadyDecided: return LocalizedText(ja: "この請求は決定済みです", en: "This request has already been decided")
        case .groundsRequired:
            return LocalizedText(ja: "一部開示・不開示等の決定には理由が必要です", en: "Grounds are required for this decision")
        case .invalidTransition(let why): return LocalizedText(ja: "この操作はできません（\(why)）", en: "Not allowed: \(why)")
        }
    }

    public var field: String? {
        switch self {
        case .disclosureDateRequired, .followUpWindowPassed: return "disclosed_on"
        case .groundsRequired: return "decision_grounds"
        default: return nil
        }
    }
}

/// Why a file could not be scanned; the message tells the person what to do about it.
public enum DocumentScanError: UserFacingError, Equatable {
    case binary(file: String)
    case unknownEncoding(file: String)
    case unreadable(file: String, reason: String)

    public var kind: ErrorKind { .invalidInput }

    public var message: LocalizedText {
        switch self {
        case .binary(let file):
            return LocalizedText(ja: "\(file): テキストファイルではないため検査できません（CSV または テキストで保存してください）",
                                 en: "\(file): not a text file, cannot be scanned (save it as CSV or text)")
        case .unknownEncoding(let file):
            return LocalizedText(ja: "\(file): 文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）",
                                 en: "\(file): unknown character encoding (save it as UTF-8 or Shift_JIS)")
        case .unreadable(let file, let reason):
            return LocalizedText(ja: "\(file): 読み込めません（\(reason)）", en: "\(file): cannot be read (\(reason))")
        }
    }
}

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

/// Why a declared column cannot be rotated.
public enum FieldKeyRotationError: Error, Equatable, CustomStringConvertible {
    /// Two declarations of one table name different key columns.
    case inconsistentKey(table: String)

    public var description: String {
        switch self {
        case .inconsistentKey(let table): return "the encrypted columns of \(table) declare different key columns"
        }
    }
}

extension RetentionPurge {
    /// Why the purge cannot be set up.
    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        /// A target names a file no module declares, so it has no retention period.
        case undeclared(fileID: String)
        public var description: String {
            switch self {
            case .undeclared(let id): return "retention target \(id) has no personal-information file declaration"
            }
        }
    }
}
