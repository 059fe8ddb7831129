/// Finds personal names in running text: a name before an honorific (山田太郎様, ヤマダさん,
/// 山田 さくら様), a name after a label (氏名：山田 太郎) or after a role word and a separator
/// (申請者 渡部 健, 代理人：菅野一郎), or a common surname followed by a space and a given name.
/// Names in a 氏名 column are taken whole by `PIIScanner`. Organisations and places take honorifics
/// too (国立市役所様, 株式会社みどり商事様) and are not names.
enum NameRecognizer {
    static let honorifics: [[Unicode.Scalar]] = ["様", "さん", "殿", "氏", "ちゃん", "くん"].map(\.scalarArray)
    static let labels: [[Unicode.Scalar]] = ["氏名", "名前", "お名前", "申請者名", "届出人", "世帯主"].map(\.scalarArray)
    /// Roles written before the person's name; unlike a label, a separator must follow
    /// (申請者 山田, not 申請者本人).
    static let roles: [[Unicode.Scalar]] = [
        "申請者", "代理人", "死亡者", "請求者", "請求人", "申出人", "相談者", "相続人", "受給者", "被保険者",
        "契約者", "依頼者", "同居人", "故人",
    ].map(\.scalarArray)
    /// Words that take an honorific but are not names (お客様, 皆様, 利用者様, 同様, 仕様 …).
    static let notNames: [[Unicode.Scalar]] = [
        "皆", "客", "各位", "利用者", "申請者", "担当者", "保護者", "関係者", "住民", "市民", "区民", "町民", "村民",
        "県民", "都民", "事業者", "代表者", "組合員", "会員", "職員", "委員", "議員", "先生", "神", "仏", "奥", "王",
        "相手", "自分", "方々", "殿", "者", "家族", "子供", "子ども", "患者", "お父", "お母", "お子", "大家", "王子",
        "員", "仕", "同", "模", "異", "多", "一", "有", "宮", "各", "貴",
    ].map(\.scalarArray)
    /// Ends of organisations', offices' and places' names, and titles: 国立市役所様, 〇〇商事様, 市長様.
    static let organisationEnds: [[Unicode.Scalar]] = [
        "役所", "役場", "会社", "商事", "商店", "事務所", "協会", "組合", "法人", "病院", "医院", "学校", "大学",
        "銀行", "センター", "市", "区", "県", "都", "府", "課", "係", "局", "省", "庁", "館", "社", "店", "屋",
        "園", "市長", "区長", "町長", "村長", "社長", "部長", "課長", "係長", "会長", "校長", "院長", "所長",
        "局長", "議長", "店長", "知事", "御中",
    ].map(\.scalarArray)
    /// Words inside an organisation's name wherever they stand (株式会社ミドリ様, 国立市役所総務課様).
    static let organisationWords: [[Unicode.Scalar]] = ["会社", "法人", "役所", "役場"].map(\.scalarArray)
    /// What follows a role word but is not a name (申請者 本人, 代理人：氏名 …).
    static let notNamesAfterRole: [[Unicode.Scalar]] = [
        "本人", "氏名", "名前", "住所", "各位", "一覧", "情報", "欄", "等", "全員", "自身", "以外", "数", "及", "又",
        "記入", "確認", "署名", "続柄", "生年月日", "電話", "連絡先", "該当", "不明", "同上", "有無", "区分",
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
    static let surnameScalars: [[Unicode.Scalar]] = surnames.map(\.scalarArray).sorted { $0.count > $1.count }
    static let longestSurname = surnameScalars.map(\.count).max() ?? 0

    /// Looks at the scalars that can start a name: those `Triggers` listed for the line, or every
    /// scalar when it found more than it keeps.
    static func candidates(in text: ScanText, line: Triggers.Line, into out: inout [Candidate]) {
        let s = text.scalars
        Triggers.table.withUnsafeBufferPointer { table in
            func visit(_ i: Int) {
                let c = s[i]
                let bits = Triggers.of(c, in: table)
                guard bits & (Triggers.name | Triggers.surname) != 0 else { return }
                if bits & Triggers.honorific != 0 { honorific(text, at: i, into: &out) }
                if bits & Triggers.label != 0 { labelled(text, at: i, into: &out) }
                if bits & Triggers.role != 0 { afterRole(text, at: i, into: &out) }
                if bits & Triggers.surname != 0, ScalarClass.isKanji(c), i == 0 || !ScalarClass.isKanji(s[i - 1]) {
                    spacedSurname(text, at: i, into: &out)
                }
            }
            if line.nameCount <= 16 {
                for k in 0..<line.nameCount { visit(Int(line.namePositions[k])) }
            } else {
                for i in s.indices { visit(i) }
            }
        }
    }

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        ScalarClass.isKanji(c) || (ScalarClass.isKatakana(c) && c != "・")
    }

    /// True when `text[start..<end]` ends with `word`.
    static func ends(_ text: ScanText, start: Int, end: Int, with word: [Unicode.Scalar]) -> Bool {
        word.count <= end - start && text.has(word, at: end - word.count)
    }

    /// True when `text[start..<end]` is an organisation's or a place's name, or a title.
    static func isOrganisation(_ text: ScanText, start: Int, end: Int) -> Bool {
        if organisationEnds.contains(where: { ends(text, start: start, end: end, with: $0) }) { return true }
        for word in organisationWords {
            var i = start
            while i + word.count <= end {
                if text.has(word, at: i) { return true }
                i += 1
            }
        }
        return false
    }

    static func honorific(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let word = honorifics.first(where: { text.has($0, at: i) }) else { return }
        if word == ["氏"], let next = text[i + 1], next == "名" || ScalarClass.isKanji(next) { return }
        // 様式, 様子, 殿堂, 御殿場: followed by kanji, 様 and 殿 are part of a word (山田様方 and 山田様宛 excepted).
        if word == ["様"] || word == ["殿"], let next = text[i + 1], ScalarClass.isKanji(next), next != "方", next != "宛" { return }
        // Walk back over the name, allowing one space between surname and given name.
        var start = i
        var spaces = 0
        while let c = text[start - 1] {
            if isNameScalar(c) { start -= 1; continue }
            if ScalarClass.isSpace(c), spaces == 0, start < i, let b = text[start - 2], isNameScalar(b) { spaces += 1; start -= 1; continue }
            break
        }
        if start == i, let given = hiraganaGivenName(text, endingAt: i) {
            start = given.start
            spaces = given.spaces
        }
        let length = i - start - spaces
        guard length >= 2, length <= 8, let first = text[start], !ScalarClass.isSpace(first) else { return }
        if notNames.contains(where: { ends(text, start: start, end: i, with: $0) }) { return }
        if isOrganisation(text, start: start, end: i) { return }
        let knownSurname = surnameScalars.contains { text.has($0, at: start) }
        out.append(Candidate(kind: .personName, start: start, end: i, score: knownSurname ? 0.8 : 0.6))
    }

    /// A given name in hiragana before an honorific, after a kanji surname and a space (山田 さくら様)
    /// or right after a common surname (山田さくらさん): where the name starts and whether it has a space.
    static func hiraganaGivenName(_ text: ScanText, endingAt end: Int) -> (start: Int, spaces: Int)? {
        var j = end
        while let c = text[j - 1], ScalarClass.isHiragana(c), end - j < 4 { j -= 1 }
        guard end - j >= 2, let before = text[j - 1], !ScalarClass.isHiragana(before) else { return nil }
        if ScalarClass.isSpace(before) {
            var k = j - 1
            while let c = text[k - 1], ScalarClass.isKanji(c), j - 1 - k < 4 { k -= 1 }
            guard k < j - 1, text[k - 1].map(ScalarClass.isKanji) != true else { return nil }
            return (k, 1)
        }
        guard let surname = surnameScalars.first(where: { ends(text, start: max(0, j - longestSurname), end: j, with: $0) }),
              text[j - surname.count - 1].map(isNameScalar) != true else { return nil }
        return (j - surname.count, 0)
    }

    static func labelled(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let label = labels.first(where: { text.has($0, at: i) }) else { return }
        var j = i + label.count
        while let c = text[j], isSeparator(c) { j += 1 }
        guard let end = nameEnd(text, from: j) else { return }
        out.append(Candidate(kind: .personName, start: j, end: end, score: 0.85))
    }

    /// 申請者 渡部 健, 代理人：菅野一郎, 死亡者「山田太郎」.
    static func afterRole(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        guard let role = roles.first(where: { text.has($0, at: i) }) else { return }
        var j = i + role.count
        while let c = text[j], isSeparator(c) || c == "「" { j += 1 }
        guard j > i + role.count, let end = nameEnd(text, from: j) else { return }
        if notNamesAfterRole.contains(where: { text.has($0, at: j) }) || isOrganisation(text, start: j, end: end) { return }
        out.append(Candidate(kind: .personName, start: j, end: end, score: 0.7))
    }

    static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        ScalarClass.isSpace(c) || c == ":" || c == "：" || c == "」" || c == "】"
    }

    /// Where a name that starts at `start` ends: kanji or katakana with at most one space inside, or
    /// a kanji surname, a space and a given name in hiragana; nil when it is too short or too long.
    static func nameEnd(_ text: ScanText, from start: Int) -> Int? {
        var j = start
        var spaces = 0
        while let c = text[j] {
            if isNameScalar(c) { j += 1; continue }
            if ScalarClass.isSpace(c), spaces == 0, j > start, let n = text[j + 1], isNameScalar(n) { spaces += 1; j += 1; continue }
            break
        }
        if spaces == 0, j > start, let space = text[j], ScalarClass.isSpace(space) {
            var k = j + 1
            while let c = text[k], ScalarClass.isHiragana(c), k - j - 1 < 4 { k += 1 }
            if k - j - 1 >= 2, text[k].map(ScalarClass.isHiragana) != true { spaces = 1; j = k }
        }
        let length = j - start - spaces
        guard length >= 2, length <= 10 else { return nil }
        return j
    }

    static func spacedSurname(_ text: ScanText, at i: Int, into out: inout [Candidate]) {
        // A surname is at most `longestSurname` scalars and a space follows it: most kanji runs stop here.
        var spaceWithin = false
        for k in 1...longestSurname where text[i + k].map(ScalarClass.isSpace) == true { spaceWithin = true; break }
        guard spaceWithin, let surname = surnameScalars.first(where: { text.has($0, at: i) }) else { return }
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
