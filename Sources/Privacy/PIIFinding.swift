/// The kinds of personal information the scanner recognises.
public enum PIIKind: String, CaseIterable, Sendable, Codable {
    case myNumber = "my_number"
    case corporateNumber = "corporate_number"
    case phone
    case email
    case postalCode = "postal_code"
    case address
    case personName = "person_name"
    case birthDate = "birth_date"
}

/// One piece of personal information found in a line. `start` and `end` are Unicode-scalar
/// offsets in the line; `masked` is safe to print, the value itself is never kept.
public struct PIIFinding: Sendable, Equatable, Codable {
    public let line: Int
    public let column: String?
    public let start: Int
    public let end: Int
    public let kind: PIIKind
    public let score: Double
    public let masked: String
}
