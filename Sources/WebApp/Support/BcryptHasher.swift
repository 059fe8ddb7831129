import MadoguchiCore
import Vapor

/// bcrypt through Vapor's implementation; cost 12 in production, lower in tests for speed.
struct BcryptHasher: StaffPasswordHasher {
    let cost: Int
    /// Made once at start-up with the same cost as real hashes, so verifying against it takes as long.
    let dummyHash: String

    init(cost: Int) {
        self.cost = cost
        let random = Data([UInt8].random(count: 32)).base64EncodedString()
        // Bcrypt.hash fails only for a cost outside 4…31, a programming error `configure` never makes.
        self.dummyHash = try! Bcrypt.hash(random, cost: cost)
    }

    func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }

    func verify(_ password: String, against hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}
