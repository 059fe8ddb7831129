import FluentKit
import Foundation

/// A staff member's API token for machine clients (the CKAN API). Only a SHA-256 hash of the
/// token is stored; the token acts with its owner's current roles, in its owner's municipality,
/// until it expires (`lifetimeDays`, chosen at creation). An expired token stays listed, marked, on
/// its owner's screen until deleted, and is refused.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "staff_id") public var staffID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "label") public var label: String
    @Field(key: "token_hash") public var tokenHash: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    /// Nil only for a row the expiry migration has not reached; such a token is refused.
    @OptionalField(key: "expires_at") public var expiresAt: Date?

    public init() {}

    /// Days a token lives: 90 unless its owner chooses otherwise, within 1…365.
    public static let defaultLifetimeDays = 90
    public static let lifetimeDays = 1...365

    public func isExpired(at now: Date) -> Bool { expiresAt.map { $0 <= now } ?? true }
}
