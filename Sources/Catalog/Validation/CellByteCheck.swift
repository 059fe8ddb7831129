import MadoguchiCore

/// A column's rules compiled for UTF-8 bytes. It only ever answers "certainly clean": a cell it
/// cannot prove clean goes to `CellRules` as a String, which decides and words every finding. So
/// the findings are exactly `CellRules`' and the common case (a clean cell) makes no String at all;
/// building a String and walking Unicode scalars per cell was most of the time of a million-row file.
/// A class, so rows share it without copying.
final class CellByteCheck {
    private enum Shape { case any, integer, number, date, time }
    private enum Kind { case none, municipalityCode, corporateNumber, phone, url, yesNo, flag, kana }

    private let required: Bool
    /// Codes, numbers, phones and URLs: any non-ASCII byte may be a full-width character.
    private let asciiOnly: Bool
    /// Other text: 0xEF leads U+F000–U+FFFF, where half-width katakana (U+FF65–FF9F) live.
    private let rejectHalfwidthBlock: Bool
    private let shape: Shape
    private let kind: Kind
    private let minimum: Double?
    private let maximum: Double?
    private let allowed: [[UInt8]]?
    /// `[0-9]{n}` as the standard schemas write it; any other pattern is left to the regex.
    private let patternDigits: Int?
    private let hasOtherPattern: Bool

    init(_ compiled: CompiledField) {
        let field = compiled.field
        required = field.isRequired
        asciiOnly = compiled.expectsHalfWidth
        switch field.kind {
        case .municipalityCode?: kind = .municipalityCode
        case .corporateNumber?: kind = .corporateNumber
        case .phone?: kind = .phone
        case .url?: kind = .url
        case .yesNo?: kind = .yesNo
        case .flag?: kind = .flag
        case .kana?: kind = .kana
        case .latitude?, .longitude?, .multiValue?, nil: kind = .none
        }
        rejectHalfwidthBlock = !compiled.expectsHalfWidth && field.kind != .kana
        switch field.type {
        case .integer: shape = .integer
        case .number: shape = .number
        case .date: shape = .date
        case .time: shape = .time
        case .string, .boolean: shape = .any
        }
        minimum = field.constraints?.minimum
        maximum = field.constraints?.maximum
        allowed = field.kind == .yesNo || field.kind == .flag ? nil : field.constraints?.enum.map { $0.map { Array($0.utf8) } }
        if let pattern = compiled.pattern {
            patternDigits = Self.digitsPattern(pattern.source)
            hasOtherPattern = patternDigits == nil
        } else {
            patternDigits = nil
            hasOtherPattern = false
        }
    }

    /// True only when `CellRules.check` would report nothing for this cell.
    func isCertainlyClean(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = cell.count
        if n == 0 { return !required }
        if hasOtherPattern { return false }
        // Trimming would change the cell: spaces, tabs, line breaks, NBSP or the ideographic space at either end.
        let first = cell[0], last = cell[n - 1]
        if first <= 0x20 || last <= 0x20 { return false }
        if first == 0xC2 && n >= 2 && cell[1] == 0xA0 || first == 0xE3 && n >= 3 && cell[1] == 0x80 && cell[2] == 0x80 { return false }
        if last == 0xA0 && n >= 2 && cell[n - 2] == 0xC2 || last == 0x80 && n >= 3 && cell[n - 2] == 0x80 && cell[n - 3] == 0xE3 { return false }
        // Formula-like starts (=, @, +, -) are decided by FormulaRule.
        if first == 0x3D || first == 0x40 || first == 0x2B || first == 0x2D { return false }
        if asciiOnly || rejectHalfwidthBlock {
            for byte in cell where byte >= 0x80 {
                if asciiOnly || byte == 0xEF { return false }
            }
        }
        switch shape {
        case .any: break
        case .integer:
            guard let value = Self.integer(cell), inRange(Double(value)) else { return false }
        case .number:
            guard let value = Self.decimal(cell), inRange(value) else { return false }
        case .date:
            guard n == 10, cell[4] == 0x2D, cell[7] == 0x2D,
                  CivilDate(iso: String(decoding: cell, as: UTF8.self)) != nil else { return false }
        case .time:
            guard Self.isTime(cell) else { return false }
        }
        switch kind {
        case .none: break
        case .municipalityCode: guard Self.isMunicipalityCode(cell) else { return false }
        case .corporateNumber: guard Self.isCorporateNumber(cell) else { return false }
        case .phone: guard Self.isPhone(cell) else { return false }
        case .url: guard Self.isURL(cell) else { return false }
        case .yesNo: guard Self.equals(cell, Self.yes) || Self.equals(cell, Self.no) else { return false }
        case .flag: guard n == 1, first == 0x31 else { return false }
        case .kana: guard Self.isKatakana(cell) else { return false }
        }
        if let allowed, !allowed.contains(where: { Self.equals(cell, $0) }) { return false }
        if let digits = patternDigits, !(n == digits && Self.allDigits(cell)) { return false }
        return true
    }

    private func inRange(_ value: Double) -> Bool {
        if let minimum, value < minimum { return false }
        if let maximum, value > maximum { return false }
        return true
    }

    private static let yes = Array("有".utf8), no = Array("無".utf8)

    static func digitsPattern(_ source: String) -> Int? {
        guard source.hasPrefix("[0-9]{"), source.hasSuffix("}") else { return nil }
        return Int(source.dropFirst(6).dropLast())
    }

    static func equals(_ cell: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        cell.count == other.count && cell.elementsEqual(other)
    }

    static func allDigits(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        cell.allSatisfy { $0 &- 0x30 < 10 }
    }

    /// Plain digits, as `Int(_:)` reads them (signs go to the slow path with the formula rule).
    static func integer(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
        guard cell.count <= 18 else { return nil }
        var value = 0
        for byte in cell {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// `digits[.digits]` with at most 15 digits: the mantissa and the power of ten are exact doubles,
    /// so one division is correctly rounded, the same value `Double(_:)` parses.
    static func decimal(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: Int64 = 0, digits = 0, fraction = 0, seenPoint = false
        for (offset, byte) in cell.enumerated() {
            if byte == 0x2E {
                guard !seenPoint, offset > 0, offset < cell.count - 1 else { return nil }
                seenPoint = true
                continue
            }
            let digit = byte &- 0x30
            guard digit < 10, digits < 15 else { return nil }
            mantissa = mantissa * 10 + Int64(digit)
            digits += 1
            if seenPoint { fraction += 1 }
        }
        guard digits > 0 else { return nil }
        return Double(mantissa) / powersOfTen[fraction]
    }

    private static let powersOfTen: [Double] = (0...15).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    /// `CellRules.isTime` over bytes: h:mm or hh:mm, 00:00–23:59.
    static func isTime(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = u.count
        guard n == 4 || n == 5, u[n - 3] == 0x3A else { return false }
        for (offset, byte) in u.enumerated() where offset != n - 3 && byte &- 0x30 >= 10 { return false }
        let hour = n == 5 ? Int(u[0] - 0x30) * 10 + Int(u[1] - 0x30) : Int(u[0] - 0x30)
        let minute = Int(u[n - 2] - 0x30) * 10 + Int(u[n - 1] - 0x30)
        return hour < 24 && minute < 60
    }

    /// Six ASCII digits whose last is the check digit (weights 6,5,4,3,2; (11 − sum mod 11) mod 10).
    static func isMunicipalityCode(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count == 6, allDigits(cell) else { return false }
        var sum = 0
        for (digit, weight) in zip(cell.prefix(5), [6, 5, 4, 3, 2]) { sum += Int(digit - 0x30) * weight }
        return Int(cell[5] - 0x30) == (11 - sum % 11) % 10
    }

    static func isCorporateNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count == 13, allDigits(cell) else { return false }
        var sum = 0
        for (offset, byte) in cell.dropFirst().reversed().enumerated() {
            sum += Int(byte - 0x30) * (offset % 2 == 0 ? 1 : 2)
        }
        return Int(cell[0] - 0x30) == 9 - sum % 9
    }

    /// `CellRules.isPhone` over bytes.
    static func isPhone(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        for byte in cell {
            if byte &- 0x30 < 10 { digits += 1 } else if byte != 0x2D && byte != 0x28 && byte != 0x29 && byte != 0x2B && byte != 0x20 { return false }
        }
        if cell[0] == 0x2B { return (11...13).contains(digits) }
        return (10...11).contains(digits) || (3...4).contains(digits)
    }

    private static let https = Array("https://".utf8), http = Array("http://".utf8)

    /// `CellRules.isURL` for ASCII cells.
    static func isURL(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let skip: Int
        if cell.starts(with: https) { skip = 8 } else if cell.starts(with: http) { skip = 7 } else { return false }
        let rest = cell.dropFirst(skip)
        guard let first = rest.first, first != 0x2F, first != 0x3F, first != 0x23, first != 0x2E, first != 0x3A else { return false }
        for byte in rest {
            switch byte {
            case 0...0x20, 0x7F, 0x3C, 0x3E, 0x22, 0x7B, 0x7D, 0x7C, 0x5E, 0x60, 0x5C: return false
            default: continue
            }
        }
        return true
    }

    /// Full-width katakana (U+30A0–U+30FF: E3 82 A0–BF, E3 83 80–BF), spaces and the ideographic space.
    static func isKatakana(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = cell.count
        while i < n {
            if cell[i] == 0x20 { i += 1; continue }
            guard i + 2 < n, cell[i] == 0xE3 else { return false }
            let b1 = cell[i + 1], b2 = cell[i + 2]
            let ok = (b1 == 0x82 && b2 >= 0xA0 && b2 <= 0xBF) || (b1 == 0x83 && b2 >= 0x80 && b2 <= 0xBF) || (b1 == 0x80 && b2 == 0x80)
            guard ok else { return false }
            i += 3
        }
        return true
    }
}
