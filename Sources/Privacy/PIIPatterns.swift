/// The patterns the scanner looks for, run on text whose full-width digits and hyphens were made
/// half-width (scalar for scalar, so offsets still match the original line).
enum PIIPatterns {
    nonisolated(unsafe) static let myNumber = try! Regex(#"[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])"#)
    nonisolated(unsafe) static let corporateNumber = try! Regex(#"[0-9]{13}(?![0-9])"#)
    nonisolated(unsafe) static let email = try! Regex(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)
    nonisolated(unsafe) static let phone = try! Regex(
        #"(?:\+81[ -]?[1-9][0-9]{0,3}|0[0-9]{1,4})(?:[ -][0-9]{1,4}[ -]|\([0-9]{1,4}\))[0-9]{3,4}(?![0-9])|0[5789]0[0-9]{8}(?![0-9])|0[1-9][0-9]{8}(?![0-9])"#)
    nonisolated(unsafe) static let postalCode = try! Regex(#"〒 ?[0-9]{3}-?[0-9]{4}(?![0-9])|[0-9]{3}-[0-9]{4}(?![0-9-])"#)
    nonisolated(unsafe) static let address = try! Regex(
        #"(?:北海道|東京都|大阪府|京都府|\p{Han}{2,3}県)?\p{Han}{1,6}?[市区町村郡][\p{Han}\p{Hiragana}\p{Katakana}ー]{0,12}?(?:[0-9]+|[一二三四五六七八九十]+)(?:丁目|番地?|-)(?:[0-9]+(?:番地?|号|-)?)*"#)
    nonisolated(unsafe) static let honorificName = try! Regex(
        #"(?:佐藤|鈴木|高橋|田中|伊藤|渡辺|渡邊|山本|中村|小林|加藤|吉田|山田|佐々木|山口|松本|井上|木村|林|斎藤|清水|山崎|森|池田|橋本|阿部|石川|山下|中島|石井|小川|前田|岡田|長谷川|藤田|後藤|近藤|村上|遠藤|青木|坂本|斉藤|福田|太田|西村|藤井|金子|岡本|藤原|中野|三浦|原田|中川|松田|竹内|小野|田村|中山|和田|石田|森田|上田|原|内田|柴田|酒井|宮崎|横山|高木|安藤|宮本|大野|小島|谷口|今井|工藤|高田|増田|丸山|杉山|村田|大塚|新井|小山|平野|藤本|河野|上野|野口|武田|松井|千葉|岩崎|菅原|木下|久保|佐野|野村|松尾|菊地|杉本|市川|古川|大西|島田|水野|桜井|高野|渡部|吉川|山内|西田|飯田|菅野|永井|服部|小松|北村|安田|五十嵐|川口|平田|関|中田|久保田|東|岩田)[ 　]?[\p{Han}\p{Hiragana}\p{Katakana}]{1,3}(?=[ 　]?(?:様|さん|氏|殿|君))"#)
    nonisolated(unsafe) static let labelledName = try! Regex(
        #"(?:氏名|お名前|名前|申請者|届出人|被保険者名)[ 　]*[:：][ 　]*[\p{Han}\p{Hiragana}\p{Katakana}ー]{1,6}(?:[ 　][\p{Han}\p{Hiragana}\p{Katakana}ー]{1,6})?"#)
    nonisolated(unsafe) static let date = try! Regex(
        #"(?:明治|大正|昭和|平成|令和)(?:元|[0-9]{1,2})年[0-9]{1,2}月[0-9]{1,2}日|(?:19|20)[0-9]{2}(?:年[0-9]{1,2}月[0-9]{1,2}日|[/\-.][0-9]{1,2}[/\-.][0-9]{1,2})(?![0-9])|[MTSHR][0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(?![0-9])"#)

    /// Words that, in a column header or just before a value, make a kind more likely.
    static let context: [(words: [String], kind: PIIKind)] = [
        (["個人番号", "マイナンバー"], .myNumber),
        (["法人番号"], .corporateNumber),
        (["電話", "TEL", "Tel", "携帯", "連絡先"], .phone),
        (["メール", "E-mail", "Email", "email", "mail"], .email),
        (["郵便番号", "〒"], .postalCode),
        (["住所", "現住所", "居所"], .address),
        (["氏名", "名前", "フリガナ", "ふりがな", "申請者", "届出人"], .personName),
        (["生年月日", "誕生日", "生まれ"], .birthDate),
    ]

    static func contextKinds(in text: String) -> Set<PIIKind> {
        Set(context.filter { entry in entry.words.contains { text.contains($0) } }.map(\.kind))
    }
}
