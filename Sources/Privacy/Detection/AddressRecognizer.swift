/// Finds Japanese addresses: a run of address characters (kanji, digits, hyphens, ヶ and the
/// few kana found inside place names, as in 霞が関 or 丸の内) that holds a municipality
/// (…市/区/町/村/郡) and a block number (丁目, 番地, 1-2-3), or a prefecture and a municipality.
enum AddressRecognizer {
    static let prefectures: Set<String> = [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
        "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
        "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
        "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
        "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ]
    static let prefectureScalars: [[Unicode.Scalar]] = prefectures.map(\.scalarArray)
    static let leadingLabels: [[Unicode.Scalar]] = ["現住所", "住所", "所在地", "居所", "住居"].map(\.scalarArray)

    /// が, の, ケ, ヶ, ツ, つ: kana that join kanji inside place names.
    @inline(__always)
    static func isJoiner(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x304C, 0x306E, 0x30B1, 0x30F6, 0x30C4, 0x3064: return true
        default: return false
        }
    }

    /// 都, 道, 府, 県: the last scalar of a prefecture's name.
    @inline(__always)
    static func endsPrefecture(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x90FD, 0x9053, 0x5E9C, 0x770C: return true
        default: return false
        }
    }

    /// 市, 区, 町, 村, 郡: the last scalar of a municipality's name.
    @inline(__always)
    static func endsMunicipality(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x5E02, 0x533A, 0x753A, 0x6751, 0x90E1: return true
        default: return false
        }
    }

    static func candidates(in text: ScanText, into out: inout [Candidate]) {
        let s = text.scalars
        var i = 0
        while i < s.count {
            guard isAddressScalar(s[i]) else { i += 1; continue }
            var end = i
            while end < s.count {
                if isAddressScalar(s[end]) { end += 1; continue }
                if isJoiner(s[end]), end > i, end + 1 < s.count,
                   ScalarClass.isKanji(s[end - 1]), ScalarClass.isKanji(s[end + 1]) { end += 1; continue }
                break
            }
            if end - i >= 4, let candidate = evaluate(text, start: i, end: end) { out.append(candidate) }
            i = end
        }
    }

    @inline(__always)
    static func isAddressScalar(_ c: Unicode.Scalar) -> Bool {
        ScalarClass.isKanji(c) || ScalarClass.isDigit(c) || c == "ヶ" || c == "ケ" || c == "－" || c == "-"
            || c == "‐" || c == "−" || c == "ー" || c == "〇"
    }

    static func evaluate(_ text: ScanText, start runStart: Int, end: Int) -> Candidate? {
        let s = text.scalars
        var start = runStart
        for label in leadingLabels where text.has(label, at: start) { start += label.count; break }
        var prefectureAt: Int?
        var index = start
        while index < end, prefectureAt == nil {
            if endsPrefecture(s[index]) {
                for name in prefectureScalars where name.count <= index - start + 1 && text.has(name, at: index - name.count + 1) {
                    prefectureAt = index - name.count + 1
                    break
                }
            }
            index += 1
        }
        if let p = prefectureAt { start = p }
        var municipalityAt: Int?
        var blockAt: Int?
        index = start + 1
        while index < end {
            let c = s[index]
            if municipalityAt == nil, endsMunicipality(c), ScalarClass.isKanji(s[index - 1]),
               !ScalarClass.isDigit(s[index - 1]), !(c == "町" && s[index - 1] == "市") {
                municipalityAt = index
            } else if municipalityAt != nil, blockAt == nil, isBlock(text, at: index, end: end) {
                blockAt = index
            }
            index += 1
        }
        let score: Double
        switch (prefectureAt != nil, municipalityAt != nil, blockAt != nil) {
        case (true, true, true): score = 0.9
        case (false, true, true): score = 0.7
        case (true, true, false): score = 0.6
        default: return nil
        }
        return Candidate(kind: .address, start: start, end: end, score: score)
    }

    /// 3丁目, 12番地, 5番, 1-2-3 (digits or kanji numerals before the marker).
    static func isBlock(_ text: ScanText, at index: Int, end: Int) -> Bool {
        guard let c = text[index], ScalarClass.isDigit(c) || ScalarClass.isKanjiNumeral(c) else { return false }
        if let before = text[index - 1], before == "第" { return false }
        var j = index
        while j < end, let d = text[j], ScalarClass.isDigit(d) || ScalarClass.isKanjiNumeral(d) { j += 1 }
        guard let next = text[j] else { return false }
        if next == "丁" || next == "番" { return true }
        if ScalarClass.isNumberSeparator(next), let after = text[j + 1], ScalarClass.isDigit(after), next != " ", next != "　" {
            return true
        }
        return false
    }
}
