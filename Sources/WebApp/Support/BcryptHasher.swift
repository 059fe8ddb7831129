import MadoguchiCore
import Vapor

/// bcrypt through Vapor's implementation; cost 12 in production, lower in tests for speed.
struct BcryptHasher: StaffPasswordHasher {
    let cost: Int

    func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }

    func verify(_ password: String, against hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}
