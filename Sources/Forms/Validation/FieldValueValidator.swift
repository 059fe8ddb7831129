import Foundation
import MadoguchiCore
import Privacy

/// Checks and normalises what a resident typed into one field, with a Japanese message naming the
/// field: kana in katakana (hiragana converted), dates in 西暦 or 和暦, 7-digit postal codes,
/// phone numbers, e-mail addresses, My Numbers with their check digit.
public enum FieldValueValidator {
    /// The stored form of the value (e.g. `1990-04-01`, `186-8501`), or a problem.
    public static func normalize(_ raw: String, for field: FormField, today: CivilDate) -> Result<String, FieldProblem> {
        let name = field.label
        func problem(_ ja: String, _ en: String) -> Result<String, FieldProblem> {
            .failure(FieldProblem(field: field.id, message: LocalizedText(ja: "「\(name.ja)」" + ja, en: "\(name.en): " + en)))
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            guard field.required else { return .success("") }
            return field.type == .file ? problem("を添付してください。", "attach a file.") : problem("を入力してください。", "required.")
        }
        if text.count > field.maxLength { return problem("は\(field.maxLength)文字以内で入力してください。", "at most \(field.maxLength) characters.") }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            return problem("に使えない文字が含まれています。", "contains control characters.")
        }
        let digits = JapaneseText.halfWidthDigits(text)
        switch field.type {
        case .text, .address:
            return .success(text)
        case .kana:
            let katakana = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
                (0x3041...0x3096).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x60)! : scalar
            }))
            let normalized = katakana.replacingOccurrences(of: " ", with: "　")
            guard normalized.allSatisfy({ $0 == "　" || $0 == "ー" || JapaneseText.isKatakana(String($0)) }) else {
                return problem("はカタカナ（またはひらがな）で入力してください。", "use katakana.")
            }
            return .success(normalized)
        case .date:
            guard let date = CivilDate(typed: text) else {
                return problem("は 1990-04-01 または 平成2年4月1日 の形で、実在する日付を入力してください。", "use a real date such as 1990-04-01.")
            }
            if date > today.adding(days: 366) { return problem("が先の日付すぎます。", "is too far in the future.") }
            if date.year < 1890 { return problem("の年が古すぎます。", "is too far in the past.") }
            return .success(date.description)
        case .number:
            guard let number = Double(digits.replacingOccurrences(of: ",", with: "")) else { return problem("は数字で入力してください。", "must be a number.") }
            if let min = field.minimum, number < min { return problem("は\(Int(min))以上で入力してください。", "at least \(Int(min)).") }
            if let max = field.maximum, number > max { return problem("は\(Int(max))以下で入力してください。", "at most \(Int(max)).") }
            return .success(number == number.rounded() ? String(Int(number)) : String(number))
        case .choice:
            return field.choices.contains { $0.value == text } ? .success(text) : problem("の選択肢から選んでください。", "choose one of the options.")
        case .checkbox:
            return ["on", "yes", "true"].contains(text) ? .success("yes") : problem("の値が正しくありません。", "unexpected value.")
        case .postalCode:
            let plain = digits.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "ー", with: "").replacingOccurrences(of: "−", with: "")
            guard plain.count == 7, plain.allSatisfy(\.isASCIIDigit) else { return problem("は7桁の数字で入力してください（例：186-8501）。", "7 digits, e.g. 186-8501.") }
            return .success(plain.prefix(3) + "-" + plain.suffix(4))
        case .phone:
            let plain = digits.filter { $0 != "-" && $0 != "ー" && $0 != "−" && $0 != "(" && $0 != ")" && $0 != " " }
            guard plain.hasPrefix("0"), (10...11).contains(plain.count), plain.allSatisfy(\.isASCIIDigit) else {
                return problem("は0から始まる10桁または11桁の番号で入力してください。", "10 or 11 digits starting with 0.")
            }
            return .success(plain)
        case .email:
            guard EmailAddress.isValid(text) else {
                return problem("の形式が正しくありません（例：name@example.jp）。", "not a valid address.")
            }
            return .success(text)
        case .myNumber:
            guard let number = MyNumber(digits) else {
                return problem("は12桁の個人番号を正しく入力してください（検査用数字が一致しません）。", "not a valid 12-digit My Number.")
            }
            _ = number
            return .success(digits.filter(\.isASCIIDigit))
        case .file:
            guard FormAttachments.Reference(text) != nil else { return problem("を添付してください。", "attach a file.") }
            return .success(text)
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
