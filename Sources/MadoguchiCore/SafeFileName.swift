import Foundation

/// A download file name made harmless: no directories, no `..`, no control or reserved characters,
/// bounded length. The name is only shown and sent in Content-Disposition; storage uses the hash.
public enum SafeFileName {
    public static func sanitize(_ name: String, fallback: String = "file") -> String {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let forbidden = Set("<>:\"|?*")
        var cleaned = String(lastComponent.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .filter { !forbidden.contains($0) }
            .trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.count > 120 {
            let ext = cleaned.split(separator: ".").last.map { "." + $0 } ?? ""
            cleaned = String(cleaned.prefix(120 - min(ext.count, 20))) + (ext.count <= 20 ? ext : "")
        }
        return cleaned.isEmpty ? fallback : cleaned
    }
}
