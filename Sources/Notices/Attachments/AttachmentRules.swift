import Foundation
import MadoguchiCore

/// What a notice may carry: every limit is here, and a file's type is decided from its bytes.
public enum AttachmentRules {
    /// The largest file: 10 MiB.
    public static let maxBytes = 10 * 1024 * 1024
    /// Files a notice carries at once (counting files waiting for the next correction).
    public static let maxPerNotice = 10
    /// What may be attached, by content type, with the label shown beside a link.
    public static let allowedTypes: [(contentType: String, label: String, extensions: [String])] = [
        ("application/pdf", "PDF", ["pdf"]),
        ("image/png", "PNG", ["png"]),
        ("image/jpeg", "JPEG", ["jpg", "jpeg"]),
        ("text/csv; charset=utf-8", "CSV", ["csv"]),
        ("text/plain; charset=utf-8", "テキスト", ["txt"]),
    ]

    static func label(of contentType: String) -> String {
        allowedTypes.first { $0.contentType == contentType }?.label ?? "ファイル"
    }

    /// Whether the privacy scanner reads this type before publication (text and CSV).
    public static func isText(_ contentType: String) -> Bool { contentType.hasPrefix("text/") }

    /// The content type of `data` named `fileName`, or nil when the bytes are not one of the allowed
    /// types or do not match the name's extension. PDF, PNG and JPEG by their signature; CSV and
    /// plain text must be UTF-8 (a BOM allowed) without NUL or other control characters than tab,
    /// CR and LF, so a binary renamed `.csv` is refused.
    public static func contentType(of data: Data, fileName: String) -> String? {
        let ext = fileName.split(separator: ".").count > 1 ? fileName.split(separator: ".").last!.lowercased() : ""
        let bytes = [UInt8](data.prefix(8))
        func starts(_ signature: [UInt8]) -> Bool { bytes.count >= signature.count && Array(bytes.prefix(signature.count)) == signature }
        let sniffed: String?
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { sniffed = "application/pdf" }                                  // %PDF-
        else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { sniffed = "image/png" }
        else if starts([0xFF, 0xD8, 0xFF]) { sniffed = "image/jpeg" }
        else if isPlainText(data) { sniffed = ext == "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8" }
        else { sniffed = nil }
        guard let sniffed, let rule = allowedTypes.first(where: { $0.contentType == sniffed }), rule.extensions.contains(ext) else { return nil }
        return sniffed
    }

    private static func isPlainText(_ data: Data) -> Bool {
        guard !data.isEmpty, let text = String(data: data, encoding: .utf8) else { return false }
        return !text.unicodeScalars.contains { ($0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value)) || $0.value == 0x7F }
    }

    /// "PDF 1.2MB", "CSV 3KB": the type and size shown with a link to a file (JIS X 8341-3).
    public static func sizeText(_ bytes: Int64) -> String {
        if bytes >= 1024 * 1024 {
            let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
            return "\(tenths / 10).\(tenths % 10)MB"
        }
        return "\(max(1, (bytes + 1023) / 1024))KB"
    }
}
