/// Writes CSV for people who open it in spreadsheet software: RFC 4180 quoting, CRLF, a UTF-8 BOM,
/// and cells that would start a formula (=, +, -, @, tab, CR) prefixed with a quote so they stay text.
public enum CSVWriter {
    public static let byteOrderMark = "\u{FEFF}"

    public static func document(header: [String], rows: [[String]]) -> String {
        var out = byteOrderMark + row(header)
        for r in rows { out += row(r) }
        return out
    }

    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
