import Foundation
import MadoguchiCore

/// The checks the 施策 and 事務事業 forms share. Every value arrives as typed (text); each check
/// names the field and its label in the refusal, and every limit is explicit.
enum DefinitionFields {
    /// A code (施策コード, 計画事業番号): letters, digits and `-`, 40 at most; in URLs and scopes.
    static let maxCode = 40
    /// A one-line text (名称, 課名, 電話).
    static let maxTitle = 200
    /// A paragraph (意図, 目的, 対象).
    static let maxText = 4_000
    /// Lines of a list (対象, 手段): how many and how long.
    static let maxLines = 10
    static let maxLine = 400
    /// Columns of the multi-year tables.
    static let maxColumns = 20
    /// Extra years typed after the range (the plan's target year).
    static let maxExtraYears = 5

    static func code(_ text: String, label: LocalizedText) throws -> String {
        guard !text.isEmpty, text.count <= maxCode,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw IndicatorsError.invalid("code", ja: "\(label.ja)は半角英数字とハイフンで\(maxCode)文字以内で入力してください",
                                          en: "\(label.en): letters, digits and '-', \(maxCode) at most")
        }
        return text
    }

    /// A text without line breaks (or, `multiline`, with them), trimmed; `required` refuses an empty one.
    static func text(_ field: String, _ text: String, label: LocalizedText, max: Int = maxTitle, required: Bool = false,
                     multiline: Bool = false) throws -> String {
        guard text.count <= max else {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)は\(max)文字以内で入力してください（\(text.count)文字あります）",
                                          en: "\(label.en): at most \(max) characters (\(text.count) given)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)を入力してください", en: "Enter \(label.en)")
        }
        if !multiline, trimmed.contains(where: \.isNewline) {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)は1行で入力してください", en: "\(label.en): one line")
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0) }) {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)に使えない制御文字が含まれています", en: "\(label.en) contains a control character")
        }
        return trimmed
    }

    /// One item per line (blank lines dropped).
    static func lines(_ field: String, _ text: String, label: LocalizedText) throws -> [String] {
        let all = try Self.text(field, text, label: label, max: maxLines * (maxLine + 2), multiline: true)
        let items = all.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard items.count <= maxLines else {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)は\(maxLines)行までです", en: "\(label.en): \(maxLines) lines at most")
        }
        if let long = items.first(where: { $0.count > maxLine }) {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)の各行は\(maxLine)文字以内です（\(long.count)文字の行があります）",
                                          en: "\(label.en): each line at most \(maxLine) characters")
        }
        return items
    }

    /// A fiscal year as `2021`, `R3`, `令和3年度`, `H28`, `平成28年度`, `S60` (full-width digits accepted),
    /// within `range`.
    static func year(_ field: String, _ text: String, label: LocalizedText, range: ClosedRange<Int>) throws -> Int {
        let malformed = IndicatorsError.invalid(field, ja: "\(label.ja)は 2021、R3、令和3年度 のように入力してください",
                                                en: "\(label.en): enter a fiscal year as 2021, R3 or 令和3年度")
        guard !text.isEmpty, text.count <= 16 else {
            if text.isEmpty { throw IndicatorsError.invalid(field, ja: "\(label.ja)を入力してください", en: "Enter \(label.en)") }
            throw malformed
        }
        var t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("年度") { t.removeLast(2) } else if t.hasSuffix("年") { t.removeLast() }
        if t.hasPrefix("FY") { t.removeFirst(2) }
        let eras: [(prefixes: [String], offset: Int, last: Int)] = [(["令和", "R"], 2018, 99), (["平成", "H"], 1988, 31), (["昭和", "S"], 1925, 64)]
        var year: Int?
        for era in eras {
            guard let prefix = era.prefixes.first(where: { t.hasPrefix($0) }) else { continue }
            let number = String(t.dropFirst(prefix.count))
            let n = number == "元" ? 1 : (number.count <= 2 && number.allSatisfy { $0.isASCII && $0.isNumber } ? Int(number) : nil)
            guard let n, (1...era.last).contains(n) else { throw malformed }
            year = era.offset + n
            break
        }
        if year == nil, t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) { year = Int(t) }
        guard let year else { throw malformed }
        guard range.contains(year) else {
            throw IndicatorsError.invalid(field, ja: "\(label.ja)は\(range.lowerBound)年度から\(range.upperBound)年度までです",
                                          en: "\(label.en): between \(range.lowerBound) and \(range.upperBound)")
        }
        return year
    }

    /// The multi-year table's columns: first…last, then the extra years (the plan's target year), ascending.
    static func columns(first: String, last: String, extra: String, range: ClosedRange<Int>) throws -> [Int] {
        let from = try year("first_year", first, label: LocalizedText(ja: "表の最初の年度", en: "the table's first year"), range: range)
        let to = try year("last_year", last, label: LocalizedText(ja: "表の最後の年度", en: "the table's last year"), range: range)
        guard to >= from else {
            throw IndicatorsError.invalid("last_year", ja: "表の最後の年度は最初の年度（\(from)年度）以降にしてください",
                                          en: "The table's last year must not be before its first (\(from))")
        }
        let extraLabel = LocalizedText(ja: "追加で表示する年度", en: "the extra years")
        guard extra.count <= 100 else {
            throw IndicatorsError.invalid("extra_years", ja: "\(extraLabel.ja)は\(maxExtraYears)年度までです", en: "\(extraLabel.en): \(maxExtraYears) at most")
        }
        let typed = extra.split(whereSeparator: { $0 == "," || $0 == "、" || $0 == "，" || $0.isWhitespace }).map(String.init)
        guard typed.count <= maxExtraYears else {
            throw IndicatorsError.invalid("extra_years", ja: "\(extraLabel.ja)は\(maxExtraYears)年度までです", en: "\(extraLabel.en): \(maxExtraYears) at most")
        }
        let extras = try typed.map { try year("extra_years", $0, label: extraLabel, range: range) }
        guard to - from + 1 <= maxColumns else {
            throw IndicatorsError.invalid("last_year", ja: "表に表示する年度は\(maxColumns)年度までです（\(to - from + 1)年度あります）",
                                          en: "The table shows \(maxColumns) years at most (\(to - from + 1) given)")
        }
        let columns = Array(Set(Array(from...to) + extras)).sorted()
        guard columns.count <= maxColumns else {
            throw IndicatorsError.invalid("extra_years", ja: "表に表示する年度は\(maxColumns)年度までです（\(columns.count)年度あります）",
                                          en: "The table shows \(maxColumns) years at most (\(columns.count) given)")
        }
        return columns
    }

    /// The columns as the form shows them: the longest run from the first year, then the rest.
    static func columnFields(_ columns: [Int]) -> (first: String, last: String, extra: String) {
        guard let first = columns.first else { return ("", "", "") }
        var last = first
        while columns.contains(last + 1) { last += 1 }
        return (String(first), String(last), columns.filter { $0 > last }.map(String.init).joined(separator: ", "))
    }

    /// Indicators chosen in numbered slots (`<prefix>_1`…): each empty or a declared id, none twice, in slot order.
    static func indicators(_ prefix: String, slots: Int, values: [String: String], label: LocalizedText,
                           registry: IndicatorRegistry) throws -> [String] {
        var chosen: [String] = []
        for slot in 1...slots {
            let field = "\(prefix)_\(slot)"
            let id = (values[field] ?? "").trimmingCharacters(in: .whitespaces)
            if id.isEmpty { continue }
            guard id.count <= 100, registry.declaration(id) != nil else {
                throw IndicatorsError.invalid(field, ja: "\(label.ja)\(slot): 一覧にない指標です。一覧から選んでください",
                                              en: "\(label.en) \(slot): not a declared indicator; choose one from the list")
            }
            guard !chosen.contains(id) else {
                throw IndicatorsError.invalid(field, ja: "\(label.ja)\(slot): 同じ指標が2回選ばれています", en: "\(label.en) \(slot): chosen twice")
            }
            chosen.append(id)
        }
        return chosen
    }

    /// The fiscal years a definition may show: 平成元年度 to 20 years after the current one.
    static func columnRange(today: CivilDate) -> ClosedRange<Int> { 1989...(FiscalYear(containing: today).startYear + 20) }

    /// Field names whose values differ between two forms, in `order`.
    static func changedFields(_ before: [String: String], _ after: [String: String], order: [String]) -> [String] {
        order.filter { (before[$0] ?? "") != (after[$0] ?? "") }
    }
}
