import FluentKit
import Foundation

/// A member's API tokens: issue one (shown once, stored as its hash), list, revoke; both changes audited.
public struct APITokenCommands: Sendable {
    /// Tokens one member may hold at a time.
    public static let maxPerMember = 10
    /// The longest purpose label.
    public static let maxLabelLength = 100

    let audit: any AuditTrail
    public init(audit: any AuditTrail) { self.audit = audit }

    /// A new token: 32 random bytes after `mdg_` (`SecretToken`).
    public static func generate() -> String { SecretToken.generate(bytes: 32, prefix: "mdg_") }

    /// The member's tokens, oldest first.
    public func list(staffID: UUID, on db: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$staffID == staffID).sort(\.$createdAt).all()
    }

    /// Issues a token for `label`, valid for `daysText` days (empty: `APIToken.defaultLifetimeDays`)
    /// and returns it (the only time it is seen). Problems name the field (`label`, `days`).
    public func issue(to staff: Staff, in municipalityID: UUID, label rawLabel: String, daysText rawDays: String, origin: RequestOrigin,
                      now: Date = Date(), on db: any Database) async throws -> String {
        let label = rawLabel.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= Self.maxLabelLength else {
            throw CoreError(.invalidInput, ja: "「用途」を\(Self.maxLabelLength)文字以内で入力してください。",
                            en: "Purpose: give one (\(Self.maxLabelLength) characters at most).", field: "label")
        }
        let daysText = rawDays.trimmingCharacters(in: .whitespaces)
        let range = APIToken.lifetimeDays
        guard let days = daysText.isEmpty ? APIToken.defaultLifetimeDays : Int(daysText), range.contains(days) else {
            throw CoreError(.invalidInput, ja: "「有効期間（日）」は\(range.lowerBound)〜\(range.upperBound)の整数で入力してください。",
                            en: "Valid for (days): a whole number from \(range.lowerBound) to \(range.upperBound).", field: "days")
        }
        let staffID = try staff.requireID()
        guard try await APIToken.query(on: db).filter(\.$staffID == staffID).count() < Self.maxPerMember else {
            throw CoreError(.conflict, ja: "APIトークンは1人\(Self.maxPerMember)個までです。使っていないものを削除してください。",
                            en: "At most \(Self.maxPerMember) tokens per member; revoke unused ones.", field: "label")
        }
        let token = Self.generate()
        let row = APIToken()
        row.staffID = staffID
        row.municipalityID = municipalityID
        row.label = label
        row.tokenHash = SecretToken.hash(token)
        row.expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: row.municipalityID, actor: .staff(staffID), action: "api_token.create",
                                              targetType: APIToken.schema, targetID: row.id?.uuidString.lowercased(),
                                              details: ["label": label, "days": String(days)], origin: origin), on: tx)
        }
        return token
    }

    /// Deletes one of the member's own tokens; another member's or an unknown id is not found.
    public func revoke(_ id: UUID, of staff: Staff, origin: RequestOrigin, on db: any Database) async throws {
        let staffID = try staff.requireID()
        guard let row = try await APIToken.query(on: db).filter(\.$id == id).filter(\.$staffID == staffID).first() else {
            throw CoreError(.notFound, ja: "APIトークンが見つかりません", en: "No such token")
        }
        try await db.transaction { tx in
            try await row.delete(on: tx)
            try await audit.record(AuditEvent(municipalityID: row.municipalityID, actor: .staff(staffID), action: "api_token.revoke",
                                              targetType: APIToken.schema, targetID: id.uuidString.lowercased(), origin: origin), on: tx)
        }
    }
}
