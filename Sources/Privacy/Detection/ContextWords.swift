/// Words that, near a match, make it more likely to be personal information ("電話 03-…").
/// The same words in a CSV header give the whole column a kind (see `ColumnHint`).
enum ContextWords {
    static let myNumber = ["個人番号", "マイナンバー", "My Number", "MyNumber", "マイナ"].map(\.scalarArray)
    static let corporateNumber = ["法人番号"].map(\.scalarArray)
    static let phone = ["電話", "TEL", "Tel", "tel", "携帯", "連絡先", "FAX", "Fax", "☎"].map(\.scalarArray)
    static let email = ["メール", "mail", "Mail", "MAIL"].map(\.scalarArray)
    static let postalCode = ["〒", "郵便番号", "郵便"].map(\.scalarArray)
    static let address = ["住所", "所在地", "居所", "住居", "現住所", "在住"].map(\.scalarArray)
    static let personName = [
        "氏名", "名前", "申請者", "届出人", "世帯主", "本人", "代理人", "死亡者", "請求者", "請求人", "申出人", "相談者",
        "相続人", "受給者", "被保険者", "契約者", "依頼者", "同居人", "故人",
    ].map(\.scalarArray)
    static let birthDate = ["生年月日", "誕生日", "生まれ", "出生"].map(\.scalarArray)

    /// The words for `kind`.
    static func of(_ kind: PIIKind) -> [[Unicode.Scalar]] {
        switch kind {
        case .myNumber: return myNumber
        case .corporateNumber: return corporateNumber
        case .phone: return phone
        case .email: return email
        case .postalCode: return postalCode
        case .address: return address
        case .personName: return personName
        case .birthDate: return birthDate
        }
    }

    /// How much a context word or a matching column header adds to a score.
    static let boost = 0.2
}
