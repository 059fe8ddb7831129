/// Words that, near a match, make it more likely to be personal information ("電話 03-…").
/// The same words in a CSV header give the whole column a kind (see `ColumnHint`).
enum ContextWords {
    static let words: [PIIKind: [[Unicode.Scalar]]] = [
        .myNumber: ["個人番号", "マイナンバー", "My Number", "MyNumber", "マイナ"].map(\.scalarArray),
        .corporateNumber: ["法人番号"].map(\.scalarArray),
        .phone: ["電話", "TEL", "Tel", "tel", "携帯", "連絡先", "FAX", "Fax", "☎"].map(\.scalarArray),
        .email: ["メール", "mail", "Mail", "MAIL"].map(\.scalarArray),
        .postalCode: ["〒", "郵便番号", "郵便"].map(\.scalarArray),
        .address: ["住所", "所在地", "居所", "住居", "現住所", "在住"].map(\.scalarArray),
        .personName: ["氏名", "名前", "申請者", "届出人", "世帯主", "本人"].map(\.scalarArray),
        .birthDate: ["生年月日", "誕生日", "生まれ", "出生"].map(\.scalarArray),
    ]

    /// How much a context word or a matching column header adds to a score.
    static let boost = 0.2
}
