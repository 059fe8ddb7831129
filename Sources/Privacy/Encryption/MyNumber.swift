import FluentKit
import Foundation
import MadoguchiCore

/// An individual number (個人番号). It has no public plaintext description: printing, logging,
/// string interpolation and `dump` all show `********9018`. The digits leave only through
/// `revealed(to:policy:)` for a role with `privacy.my_number.view`, or through `FieldCipher`.
public struct MyNumber: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let digits: String

    /// Accepts full-width digits, spaces and hyphens; nil unless it is 12 digits with a valid check digit.
    public init?(_ text: String) {
        guard let values = CheckDigits.digits(of: text), CheckDigits.isValidMyNumber(values) else { return nil }
        digits = values.map(String.init).joined()
    }

    /// `********9018`
    public var masked: String { String(repeating: "*", count: 8) + digits.suffix(4) }

    public var description: String { masked }
    public var debugDescription: String { "MyNumber(\(masked))" }
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked]) }

    /// The full number for a role allowed to see it, the masked form for everyone else.
    public func revealed(to roles: Set<Role>, policy: AccessPolicy) -> String {
        policy.allows(roles, PrivacyPermission.viewMyNumber) ? digits : masked
    }

    /// As `revealed(to:policy:)`, and when the full number is shown, an audit entry records who saw
    /// whose record and why (never the number itself). Screens showing a My Number call this one.
    public func revealed(to roles: Set<Role>, policy: AccessPolicy, actor: Actor, municipalityID: UUID, record: String, purpose: String,
                         origin: RequestOrigin = .none, audit: any AuditTrail, on database: any Database) async throws -> String {
        guard policy.allows(roles, PrivacyPermission.viewMyNumber) else { return masked }
        try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "privacy.my_number.view",
                                          targetType: "my_number", targetID: record, details: ["purpose": purpose], origin: origin),
                               on: database)
        return digits
    }

    /// The ciphertext to store; the plaintext never reaches the database.
    public func encrypted(with cipher: FieldCipher, binding: FieldBinding) throws -> String {
        try cipher.encrypt(digits, binding: binding)
    }

    /// Reads a stored ciphertext back; fails if it does not decrypt to a valid number.
    public static func decrypt(_ envelope: String, with cipher: FieldCipher, binding: FieldBinding) throws -> MyNumber {
        guard let number = MyNumber(try cipher.decrypt(envelope, binding: binding)) else {
            throw FieldCipherError.malformedEnvelope
        }
        return number
    }
}
