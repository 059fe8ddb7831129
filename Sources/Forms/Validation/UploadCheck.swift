import Foundation
import MadoguchiCore

/// Checks an attached file by its content, not its name: a PDF, PNG or JPEG by its first bytes,
/// within the field's size limit. A renamed executable or an HTML page is refused.
public enum UploadCheck {
    public static func kind(of data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return "pdf" }          // %PDF-
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        return nil
    }

    public static func check(_ data: Data, for field: FormField) -> FieldProblem? {
        let name = field.label
        if data.count > field.maxBytes {
            return FieldProblem(field: field.id, message: LocalizedText(
                ja: "「\(name.ja)」のファイルが大きすぎます（上限 \(field.maxBytes / 1024 / 1024) MB）。",
                en: "\(name.en): the file is too large (limit \(field.maxBytes / 1024 / 1024) MB)."))
        }
        guard let kind = kind(of: data), field.accept.contains(kind) else {
            let accepted = field.accept.map { $0.uppercased() }.joined(separator: "・")
            return FieldProblem(field: field.id, message: LocalizedText(
                ja: "「\(name.ja)」には \(accepted) のファイルを添付してください（ファイルの中身が対応形式ではありません）。",
                en: "\(name.en): attach a \(accepted) file (the content is not one of these)."))
        }
        return nil
    }
}
