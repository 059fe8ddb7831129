/// The kinds of personal information the scanner reports; raw values are the stable names used in
/// JSON output, the publish guard and the benchmark labels.
public enum PIIKind: String, CaseIterable, Sendable, Codable, Hashable {
    case myNumber = "my_number"
    case corporateNumber = "corporate_number"
    case phone
    case email
    case postalCode = "postal_code"
    case address
    case personName = "person_name"
    case birthDate = "birth_date"

    /// The label a person sees in reports.
    public var label: String {
        switch self {
        case .myNumber: return "個人番号（マイナンバー）"
        case .corporateNumber: return "法人番号"
        case .phone: return "電話番号"
        case .email: return "メールアドレス"
        case .postalCode: return "郵便番号"
        case .address: return "住所"
        case .personName: return "氏名"
        case .birthDate: return "生年月日"
        }
    }

    /// A corporate number identifies a company, not a person: it is reported but never blocks publishing.
    public var isPersonal: Bool { self != .corporateNumber }
}
