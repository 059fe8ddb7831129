import MadoguchiCore

/// An online application form (電子申請様式) for one procedure, read from `FormFiles/*.json`:
/// steps of fields, who may file it (identity level) and the fee.
public struct FormDefinition: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    /// The procedure in the counter's inventory this form files (`child_allowance_certification`…).
    public let procedureID: String
    public let title: LocalizedText
    public let version: Int
    public let identityLevel: IdentityLevel
    public let feeYen: Int
    public let steps: [FormStep]

    public var fields: [FormField] { steps.flatMap(\.fields) }
    public func field(_ id: String) -> FormField? { fields.first { $0.id == id } }
}

/// How sure the city must be of who is applying.
public enum IdentityLevel: String, Sendable, Hashable, Codable {
    /// Anyone; the application itself is checked by staff.
    case none
    /// The applicant proved control of the e-mail address (a link sent to it).
    case verifiedEmail = "verified_email"
    /// Reserved: a My Number card (JPKI) signature, verified against a configured trust anchor
    /// by a later issue (`SignatureVerifier`). Forms may not use it yet.
    case myNumberCard = "my_number_card"
}

/// One screen of the form.
public struct FormStep: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let title: LocalizedText
    public let fields: [FormField]
}
