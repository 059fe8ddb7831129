import MadoguchiCore

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
