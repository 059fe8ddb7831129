/// Finds personal names in running text: a name before an honorific (山田太郎様, ヤマダさん), a
/// name after a label (氏名：山田 太郎), or a common surname followed by a space and a given name.
/// Names in a 氏名 column are taken whole by `PIIScanner`.
enum NameRecognizer {
    static let honorifics: [[Unicode.Scalar]] = ["様", "さん", "殿", "氏", "ちゃん", "くん"].map(\.scalarArray)
    static let labels: [[Unicode.Scalar]] = ["氏名", "名前", "お名前", "申請者名", "届出人", "世帯主"].map(\.scalarArray)
    /// Words that take an honorific but are not names (お客様, 皆様, 利用者様 …).
    static let notNames: [[Unicode.Scalar]] = [
        "皆", "客", "各位", "利用者", "申請者", "担当者", "保護者", "関係者", "住民", "市民", "区民", "町民", "村民",
        "県民", "都民", "事業者", "代表者", "組合員", "会員", "職員", "委員", "議員", "先生", "神", "仏", "奥", "王",
        "相手", "自分", "方々", "殿", "者", "家族", "子供", "子ども", "患者", "お父", "お母", "お子", "大家", "王子",
    ].map(\.scalarArray)
    /// The most common Japanese surnames; a surname, a space and a given name is a name without any honorific.
    static let surnames: Set<String> = [
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
        "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下",
        "中島", "石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本",
        "斉藤", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野", "三浦", "原田", "中川", "松田",
        "竹内", "小野", "田村", "中山", "和田", "石田", "森田", "上田", "原", "内田", "柴田", "酒井", "宮崎", "横山",
        "高木", "安藤", "宮本", "大野", "小島", "谷口", "今井", "工藤", "高田", "増田", "丸山", "杉山", "村田",
    ]
    static let honorificStarts = Set(honorifics.compactMap(\.first))
    static let labelStarts = Set(labels.compactMap(\.first))
    static let surnameScalars: [[Unicode.Scalar]] = surnames.map(\.scalarArray).sorted { $0.count > $1.count }

    static func candidates(in text: ScanText, into out: inout [Candidate]) {
        let s = text.scalars
        for i in s.indices {
            let c = s[i]
            if honorificStarts.contains(c) { honorific(text, at: i, into: &out) }
            if labelStarts.contains(c) { labelled(text, at: i, into: &out) }
            if ScalarClass.isKanji(c), i == 0 || !ScalarClass.isKanji(s[i - 1]) { spacedSurname(text, at: i, into: &out) }
        }
    }

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        ScalarClass.isKanji(c) || (ScalarClass.isKatakana(c) && c != "・")
    }

    static func honorific(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let word = honorifics.first(where: { text.has($0, at: i) }) else { return }
        if word == ["氏"], let next = text[i + 1], next == "名" || ScalarClass.isKanji(next) { return }
        // Walk back over the name, allowing one space between surname and given name.
        var start = i
        var spaces = 0
        while let c = text[start - 1] {
            if isNameScalar(c) { start -= 1; continue }
            if ScalarClass.isSpace(c), spaces == 0, start < i, let b = text[start - 2], isNameScalar(b) { spaces += 1; start -= 1; continue }
            break
        }
        let length = i - start - spaces
        guard length >= 2, length <= 8, let first = text[start], !ScalarClass.isSpace(first) else { return }
        let name = Array(text.scalars[start..<i])
        if notNames.contains(where: { name.count >= $0.count && Array(name.suffix($0.count)) == $0 }) { return }
        let knownSurname = surnameScalars.contains { text.has($0, at: start) }
        out.append(Candidate(kind: .personName, start: start, end: i, score: knownSurname ? 0.8 : 0.6))
    }

    static func labelled(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let label = labels.first(where: { text.has($0, at: i) }) else { return }
        var j = i + label.count
        while let c = text[j], ScalarClass.isSpace(c) || c == ":" || c == "：" || c == "　" || c == "」" || c == "】" { j += 1 }
        let start = j
        var spaces = 0
        while let c = text[j] {
            if isNameScalar(c) { j += 1; continue }
            if ScalarClass.isSpace(c), spaces == 0, j > start, let n = text[j + 1], isNameScalar(n) { spaces += 1; j += 1; continue }
            break
        }
        let length = j - start - spaces
        guard length >= 2, length <= 10 else { return }
        out.append(Candidate(kind: .personName, start: start, end: j, score: 0.85))
    }

    static func spacedSurname(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let surname = surnameScalars.first(where: { text.has($0, at: i) }) else { return }
        let space = i + surname.count
        guard let sp = text[space], ScalarClass.isSpace(sp) else { return }
        var j = space + 1
        while let c = text[j], ScalarClass.isKanji(c) { j += 1 }
        let given = j - space - 1
        guard (1...3).contains(given) else { return }
        if let next = text[j], ScalarClass.isKanji(next) || ScalarClass.isKatakana(next) { return }
        out.append(Candidate(kind: .personName, start: i, end: j, score: 0.6))
    }
}
