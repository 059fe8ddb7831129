import FluentKit
import Foundation

/// A named lease: the instance holding an unexpired lease row does the job (the retention purge),
/// the others skip it. A row per job name; taking it is one conditional UPDATE, which the database
/// applies to at most one instance.
final class PrivacyLease: Model, @unchecked Sendable {
    static let schema = "privacy_leases"

    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "holder") var holder: String
    @Field(key: "expires_at_ms") var expiresAtMilliseconds: Int64

    init() {}

    init(name: String, holder: String, expiresAtMilliseconds: Int64) {
        self.id = name
        self.holder = holder
        self.expiresAtMilliseconds = expiresAtMilliseconds
    }
}
