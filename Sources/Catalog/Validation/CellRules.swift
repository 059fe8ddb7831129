import Foundation
import MadoguchiCore

/// The checks on one cell, per the national format rules (half-width digits, YYYY-MM-DD, hh:mm,
/// decimal degrees, 有/無, codes with check digits). Pure functions: easy to test, cheap per cell.
enum CellRules {
    typealias Sink = (ValidationIssueCode, LocalizedText, ValidationIssue.Severity?) -> Void

    static func check(_ raw: String, field: CompiledField, sink: Sink) {
        let value = trimmed(raw)
        if value.isEmpty {
            if field.field.isRequired {
                sink(.requiredValueMissing, LocalizedText(ja: "必須項目「\(field.field.name)」が空欄です",
                                                          en: "Required value for \(field.field.name) is missing"), nil)
            }
            return
        }
        if FormulaRule.looksLikeFormula(value, numeric: field.isNumeric) {
            sink(.formulaInjection, LocalizedText(ja: "数式として実行されるおそれのある値です（先頭が = + - @ など）",
                                                  en: "The cell would run as a spreadsheet formula"), nil)
            return
        }
        var text = value
        if field.expectsHalfWidth, JapaneseText.containsFullWidthASCII(value) {
            sink(.fullWidthCharacters, LocalizedText(ja: "全角の英数字・記号が含まれています（半角で入力してください）",
                                                     en: "Full-width letters, digits or symbols; use half-width"), nil)
            text = JapaneseText.normalized(value)
        } else if !field.expectsHalfWidth, field.field.kind != .kana, value.unicodeScalars.contains(where: { (0xFF65...0xFF9F).contains($0.value) }) {
            sink(.halfWidthKatakana, LocalizedText(ja: "半角カタカナが含まれています（全角で入力してください）",
                                                   en: "Half-width katakana; use full-width"), nil)
        }
        switch field.field.type {
        case .integer:
            guard let number = Int(text) else {
                let hint = text.contains(",") ? "（桁区切りのカンマは不要です）" : ""
                return sink(.notInteger, LocalizedText(ja: "整数ではありません\(hint)", en: "Not a whole number"), nil)
            }
            checkRange(Double(number), field: field, sink: sink)
        case .number:
            guard let number = Double(text), number.isFinite, !text.hasPrefix("."), text.allSatisfy({ $0.isASCII }) else {
                return sink(.notNumber, LocalizedText(ja: "数値ではありません", en: "Not a number"), nil)
            }
            checkRange(number, field: field, sink: sink)
        case .date:
            if !isISODate(text) {
                let hint = text.contains("/") ? "（/ ではなく - で区切ります）" : ""
                return sink(.notDate, LocalizedText(ja: "日付は YYYY-MM-DD 形式で入力してください\(hint)",
                                                    en: "Dates are written YYYY-MM-DD"), nil)
            }
        case .time:
            if !isTime(text) {
                return sink(.notTime, LocalizedText(ja: "時刻は hh:mm 形式（00:00〜23:59）で入力してください",
                                                    en: "Times are written hh:mm (00:00–23:59)"), nil)
            }
        case .string, .boolean:
            break
        }
        checkKind(text, field: field, sink: sink)
        if let allowed = field.field.constraints?.enum, !allowed.contains(text), field.field.kind != .yesNo, field.field.kind != .flag {
            sink(.notInList, LocalizedText(ja: "値は次のいずれかです: \(allowed.joined(separator: "、"))",
                                           en: "Allowed values: \(allowed.joined(separator: ", "))"), nil)
        }
        if let pattern = field.pattern, !pattern.matches(text) {
            sink(.patternMismatch, LocalizedText(ja: "書式が違います（\(pattern.source)）", en: "Does not match \(pattern.source)"), nil)
        }
    }

    static func checkRange(_ number: Double, field: CompiledField, sink: Sink) {
        guard let c = field.field.constraints else { return }
        let below = c.minimum.map { number < $0 } ?? false
        let above = c.maximum.map { number > $0 } ?? false
        guard below || above else { return }
        let what = field.field.kind == .latitude ? "緯度" : field.field.kind == .longitude ? "経度" : "値"
        let low = c.minimum.map(format) ?? "", high = c.maximum.map(format) ?? ""
        sink(.outOfRange, LocalizedText(ja: "\(what)が範囲外です（\(low)〜\(high)）", en: "Out of range (\(low)…\(high))"), nil)
    }

    static func checkKind(_ text: String, field: CompiledField, sink: Sink) {
        switch field.field.kind {
        case .municipalityCode?: MunicipalityCodeRule.check(text, sink: sink)
        case .corporateNumber?:
            if !CorporateNumber.isValid(text) {
                sink(.invalidCorporateNumber, LocalizedText(ja: "法人番号（13桁・検査数字）が正しくありません",
                                                            en: "Not a valid corporate number (13 digits with check digit)"), nil)
            }
        case .phone?:
            if !isPhone(text) {
                sink(.invalidPhone, LocalizedText(ja: "電話番号は半角数字とハイフンで入力してください（例 042-576-2111）",
                                                  en: "Phone numbers use digits and hyphens (e.g. 042-576-2111)"), nil)
            }
        case .url?:
            if !isURL(text) {
                sink(.invalidURL, LocalizedText(ja: "URL は http:// または https:// で始めてください", en: "URLs start with http:// or https://"), nil)
            }
        case .yesNo?:
            if text != "有" && text != "無" {
                sink(.notInList, LocalizedText(ja: "「有」または「無」で入力してください", en: "Write 有 (yes) or 無 (no)"), nil)
            }
        case .flag?:
            if text != "1" {
                sink(.notInList, LocalizedText(ja: "該当する場合は「1」、しない場合は空欄にしてください", en: "Write 1 or leave empty"), nil)
            }
        case .kana?:
            if JapaneseText.isKatakana(text) { break }
            if !JapaneseText.isKatakana(JapaneseText.normalized(text)) {
                sink(.notKatakana, LocalizedText(ja: "全角カタカナで入力してください", en: "Write the reading in full-width katakana"), nil)
            } else {
                sink(.halfWidthKatakana, LocalizedText(ja: "半角カタカナが含まれています（全角で入力してください）",
                                                       en: "Half-width katakana; use full-width"), nil)
            }
        case .latitude?, .longitude?, .multiValue?, nil:
            break
        }
    }

    /// Trims spaces (including the ideographic space) natively: Foundation's trimming and Unicode
    /// property look-ups dominated the profile of a million-row file.
    static func trimmed(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return raw }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000: return true
        default: return false
        }
    }

    static func isISODate(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return false }
        return CivilDate(iso: text) != nil
    }

    static func isTime(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 4 || u.count == 5, u[u.count - 3] == 58 else { return false }
        let digits = u.enumerated().filter { $0.offset != u.count - 3 }.map { Int($0.element) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        let hour = digits.count == 4 ? digits[0] * 10 + digits[1] : digits[0]
        let minute = digits[digits.count - 2] * 10 + digits[digits.count - 1]
        return hour < 24 && minute < 60
    }

    /// Japanese numbers: 10 or 11 digits (0120/0570 included) or a short number such as 110,
    /// with hyphens or brackets, or +81 international form.
    static func isPhone(_ text: String) -> Bool {
        var digits = 0
        for byte in text.utf8 {
            if (48...57).contains(byte) { digits += 1 } else if !"-()+ ".utf8.contains(byte) { return false }
        }
        if text.hasPrefix("+") { return (11...13).contains(digits) }
        return (10...11).contains(digits) || (3...4).contains(digits)
    }

    /// http(s), a host, and no characters a URL may not hold unescaped; checked without Foundation's parser.
    static func isURL(_ text: String) -> Bool {
        let rest: Substring
        if text.hasPrefix("https://") { rest = text.dropFirst(8) } else if text.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, host.first != ".", host.first != ":" else { return false }
        return rest.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>\"{}|^`\\".unicodeScalars.contains($0) }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
