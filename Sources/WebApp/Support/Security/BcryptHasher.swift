import Crypto
import MadoguchiCore
import Vapor

/// bcrypt through Vapor's implementation; cost 12 in production, lower in tests for speed.
///
/// bcrypt reads only the first 72 bytes of its input: 24 kanji. So the password, normalised to NFC
/// (the same characters typed on any device give the same bytes), is first reduced with SHA-256 and
/// the base64 of that digest (44 bytes) is what bcrypt hashes: any length of password counts whole
/// (`PasswordPolicy.maximumLength` characters of any script). Such hashes carry the `sha256$` prefix;
/// older plain bcrypt hashes still verify (never by a password's first 72 bytes alone) and are
/// replaced at the next successful sign-in.
struct BcryptHasher: StaffPasswordHasher {
    static let prefix = "sha256$"
    let cost: Int
    /// Made once at start-up with the same cost as real hashes, so verifying against it takes as long.
    let dummyHash: String

    init(cost: Int) {
        self.cost = cost
        let random = Data([UInt8].random(count: 32)).base64EncodedString()
        // Bcrypt.hash fails only for a cost outside 4…31, a programming error `configure` never makes.
        self.dummyHash = Self.prefix + (try! Bcrypt.hash(Self.prepared(random), cost: cost))
    }

    func hash(_ password: String) throws -> String { Self.prefix + (try Bcrypt.hash(Self.prepared(password), cost: cost)) }

    func verify(_ password: String, against hash: String) throws -> Bool {
        if hash.hasPrefix(Self.prefix) { return try Bcrypt.verify(Self.prepared(password), created: String(hash.dropFirst(Self.prefix.count))) }
        guard password.utf8.count <= 72 else { return false }
        return try Bcrypt.verify(password, created: hash)
    }

    func needsRehash(_ hash: String) -> Bool { !hash.hasPrefix(Self.prefix) }

    static func prepared(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.precomposedStringWithCanonicalMapping.utf8))).base64EncodedString()
    }
}
