/// Cells that spreadsheet software would run as formulas (CSV injection): a published file must not
/// carry `=HYPERLINK(…)` or `@SUM(…)` to the residents who open it.
enum FormulaRule {
    static func looksLikeFormula(_ value: String, numeric: Bool) -> Bool {
        guard let first = value.unicodeScalars.first else { return false }
        switch first {
        case "=", "@", "\t", "\r":
            return true
        case "+", "-":
            // A signed number is data; a sign followed by a call or a cell reference is a formula.
            if numeric { return false }
            return value.contains("(") || value.contains("!")
        default:
            return false
        }
    }
}
