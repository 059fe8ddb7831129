import Catalog
import FluentKit
import Foundation
import MadoguchiCore

/// API tokens (issued by `APITokenCommands`): 32 random bytes shown once; the database keeps their SHA-256 (`SecretToken`). A token acts with its
/// owner's current roles and department, and only until it expires. Requests are authenticated by
/// `APITokenMiddleware`.
enum APITokens {
    static func hash(_ token: String) -> String { SecretToken.hash(token) }

    /// Why a token was refused.
    enum Refusal: Error, Equatable {
        /// No token was sent to an action that needs one.
        case missing
        /// Unknown, of another municipality, or its owner can no longer sign in.
        case invalid
        /// Past its expiry date (the API answers 401: the client needs a new token).
        case expired
    }

    /// The token's owner when the token belongs to this municipality, has not expired and its owner
    /// is active; the use is recorded on the token.
    static func owner(of token: String, municipalityID: UUID, now: Date = Date(), on db: any Database) async throws -> Staff {
        guard let row = try await APIToken.query(on: db).filter(\.$tokenHash == hash(token)).first(),
              row.municipalityID == municipalityID else { throw Refusal.invalid }
        guard !row.isExpired(at: now) else { throw Refusal.expired }
        guard let staff = try await Staff.find(row.staffID, on: db), staff.active else { throw Refusal.invalid }
        row.lastUsedAt = now
        try await row.save(on: db)
        return staff
    }

    /// Whether an API caller sees a dataset: a published one is public; a draft (where unreviewed
    /// personal data may wait for the publish guard) only to a token whose owner may edit it now —
    /// `catalog.datasets.edit` for the dataset's own department, or `catalog.datasets.edit_any`. The
    /// caller has matched the token's municipality with the dataset's (`owner(of:municipalityID:on:)`).
    static func mayRead(_ dataset: Dataset, as owner: Staff?) -> Bool {
        if dataset.state == .published { return true }
        guard dataset.state == .draft, let owner else { return false }
        let policy = Modules.accessPolicy
        guard policy.allows(owner.roles, CatalogPermission.editDatasets) else { return false }
        return policy.allows(owner.roles, CatalogPermission.editAnyDepartmentDatasets) || owner.$department.id == dataset.departmentID
    }
}
