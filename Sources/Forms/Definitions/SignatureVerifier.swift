import Foundation

/// The extension point for identity level `my_number_card`: an application signed with the
/// signature certificate of a My Number card (JPKI). A later issue implements it by verifying a
/// CMS/PKCS#7 SignedData over the canonical JSON of the values against a configured trust anchor
/// (the JPKI root), checking revocation, and returning the certificate's subject. Until an
/// implementation is configured, `FormCatalog` refuses forms that ask for this level.
public protocol SignatureVerifier: Sendable {
    /// Verifies `signature` (DER-encoded CMS SignedData) over `signedContent`; returns who signed.
    func verify(signature: Data, signedContent: Data, at time: Date) async throws -> VerifiedSigner
}

/// What a verified signature proves: the signer as the certificate names them.
public struct VerifiedSigner: Sendable, Equatable {
    public let name: String
    public let address: String?
    public let certificateSerial: String

    public init(name: String, address: String?, certificateSerial: String) {
        self.name = name
        self.address = address
        self.certificateSerial = certificateSerial
    }
}

/// The canonical bytes a signature covers: the values as JSON with sorted keys, so the resident's
/// signing software and the server agree byte for byte.
public enum SignedContent {
    public static func canonical(_ values: [String: String]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(values)
    }
}
