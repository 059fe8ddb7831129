import MadoguchiCore

/// What a table column's header says about its cells: 氏名 holds names, 電話番号 phones. A hint raises
/// the score of matches of its kind and lets the scanner take a whole cell as a name or address.
public struct ColumnHint: Sendable, Hashable {
    public let name: String
    public let kind: PIIKind?

    public init(name: String, kind: PIIKind?) { self.name = name; self.kind = kind }

    /// Keywords in a header (after NFKC), most specific first so that 法人番号 is not read as 番号.
    static let keywords: [(String, PIIKind)] = [
        ("個人番号", .myNumber), ("マイナンバー", .myNumber), ("法人番号", .corporateNumber),
        ("生年月日", .birthDate), ("誕生日", .birthDate),
        ("郵便番号", .postalCode), ("〒", .postalCode),
        ("電話", .phone), ("TEL", .phone), ("携帯", .phone), ("FAX", .phone), ("連絡先", .phone),
        ("メール", .email), ("MAIL", .email),
        ("住所", .address), ("居所", .address), ("所在地", .address),
        ("氏名", .personName), ("名前", .personName), ("フリガナ", .personName), ("ふりがな", .personName),
        ("カナ", .personName), ("申請者", .personName), ("世帯主", .personName), ("届出人", .personName),
    ]

    /// Headers naming a facility, organisation or business (名称, 名称_カナ, 施設名…): their cells are
    /// not people's names, whatever else the header says (the national open-data templates use them).
    static let organisationNames = ["名称", "施設名", "事業所名", "団体名", "法人名", "店舗名", "会社名"]

    /// The hint for a header cell such as 電話番号, 氏名（カナ）, E-mail.
    public static func forHeader(_ header: String) -> ColumnHint {
        let normalized = JapaneseText.normalized(header).uppercased()
        var kind = keywords.first { normalized.contains($0.0) }?.1
        if kind == .personName, organisationNames.contains(where: normalized.contains) { kind = nil }
        return ColumnHint(name: header, kind: kind)
    }
}
