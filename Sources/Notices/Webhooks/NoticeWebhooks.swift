import FluentKit
import Foundation
import Mail
import MadoguchiCore
import Privacy

/// The webhook endpoints' commands (register, change, rotate the secret) and reads, for staff
/// holding `NoticesPermission.manageWebhooks`. The secret is made here (32 random bytes), returned
/// once, sealed at rest and never written to the audit trail or a log.
public struct NoticeWebhooks: Sendable {
    let cipher: FieldCipher
    let audit: any AuditTrail
    let now: @Sendable () -> Date

    /// Endpoints a municipality may register.
    public static let maxEndpoints = 20

    public init(cipher: FieldCipher, audit: any AuditTrail, now: @escaping @Sendable () -> Date = Date.init) {
        self.cipher = cipher
        self.audit = audit
        self.now = now
    }

    public static let notFound = NoticesError(.notFound, ja: "Webhookの送信先が見つかりません", en: "Webhook endpoint not found")
    public static let tooMany = NoticesError(.conflict, ja: "Webhookの送信先は\(maxEndpoints)件までです", en: "At most \(maxEndpoints) webhook endpoints", field: "url")

    public func list(municipalityID: UUID, on database: any Database) async throws -> [WebhookEndpoint] {
        try await WebhookEndpoint.query(on: database).filter(\.$municipalityID == municipalityID).sort(\.$createdAt).all()
    }

    public func find(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> WebhookEndpoint {
        guard let endpoint = try await WebhookEndpoint.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
        else { throw Self.notFound }
        return endpoint
    }

    /// Registers an endpoint; returns it with its new secret (shown once).
    public func create(municipalityID: UUID, _ input: WebhookEndpointInput, by actor: Actor, origin: RequestOrigin = .none,
                       on database: any Database) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        let valid = try await input.validate(municipalityID: municipalityID, on: database)
        return try await database.transaction { db in
            guard try await WebhookEndpoint.query(on: db).filter(\.$municipalityID == municipalityID).count() < Self.maxEndpoints
            else { throw Self.tooMany }
            let endpoint = WebhookEndpoint()
            let id = UUID()
            let at = now()
            endpoint.id = id
            endpoint.municipalityID = municipalityID
            apply(valid, to: endpoint)
            let secret = Self.newSecret()
            endpoint.secretCiphertext = try cipher.encrypt(secret, binding: WebhookEndpoint.binding(id: id))
            endpoint.secretCreatedAt = at
            endpoint.createdBy = actor.reference
            endpoint.createdAt = at
            endpoint.updatedAt = at
            try await endpoint.create(on: db)
            try await record("notices.webhook.create", endpoint, actor, origin, on: db)
            return (endpoint, secret)
        }
    }

    /// Changes an endpoint's URL, description, choices or state; its secret stays.
    public func update(_ id: UUID, municipalityID: UUID, _ input: WebhookEndpointInput, by actor: Actor, origin: RequestOrigin = .none,
                       on database: any Database) async throws -> WebhookEndpoint {
        let endpoint = try await find(id, municipalityID: municipalityID, on: database)
        let valid = try await input.validate(municipalityID: municipalityID, on: database)
        try await database.transaction { db in
            apply(valid, to: endpoint)
            endpoint.updatedAt = now()
            try await endpoint.save(on: db)
            try await record("notices.webhook.update", endpoint, actor, origin, on: db)
        }
        return endpoint
    }

    /// Replaces the secret with a new one (returned once). Messages still waiting are signed with
    /// the new secret when they are sent.
    public func rotateSecret(_ id: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                             on database: any Database) async throws -> String {
        let endpoint = try await find(id, municipalityID: municipalityID, on: database)
        let secret = Self.newSecret()
        try await database.transaction { db in
            let at = now()
            endpoint.secretCiphertext = try cipher.encrypt(secret, binding: WebhookEndpoint.binding(id: try endpoint.requireID()))
            endpoint.secretCreatedAt = at
            endpoint.updatedAt = at
            try await endpoint.save(on: db)
            try await record("notices.webhook.rotate_secret", endpoint, actor, origin, on: db)
        }
        return secret
    }

    /// 32 random bytes, URL-safe base64 after `whsec_`; the HMAC key is this text's UTF-8 bytes.
    static func newSecret() -> String { SecretToken.generate(bytes: 32, prefix: "whsec_") }

    private func apply(_ valid: WebhookEndpointInput.Valid, to endpoint: WebhookEndpoint) {
        endpoint.url = valid.url
        endpoint.endpointDescription = valid.description
        endpoint.categoriesText = valid.categoriesText
        endpoint.areaCodesText = valid.areaCodesText
        endpoint.alerts = valid.alerts
        endpoint.active = valid.active
    }

    /// The audit entry names the endpoint and its choices, never the secret (nor the URL, whose
    /// path may carry a receiver's own token).
    private func record(_ action: String, _ endpoint: WebhookEndpoint, _ actor: Actor, _ origin: RequestOrigin, on db: any Database) async throws {
        try await audit.record(AuditEvent(municipalityID: endpoint.municipalityID, actor: actor, action: action, targetType: WebhookEndpoint.schema,
                                          targetID: endpoint.id?.uuidString.lowercased(),
                                          details: ["active": String(endpoint.active), "alerts": String(endpoint.alerts),
                                                    "categories": String(endpoint.categories.count), "areas": String(endpoint.areaCodes.count)],
                                          origin: origin), on: db)
    }

    /// The endpoint's latest messages (newest first), for its staff page.
    public func recentAttempts(of endpoint: WebhookEndpoint, limit: Int = 20, on database: any Database) async throws -> [MailOutbox.Attempt] {
        try await MailOutbox.recentWebhookAttempts(recipient: endpoint.recipient, municipalityID: endpoint.municipalityID, limit: limit, on: database)
    }
}

/// Finds an outbox message's endpoint when it is sent (`WebhookTargets`): its URL and unsealed
/// secret, or nil when it was removed or made inactive.
public struct NoticeWebhookTargets: WebhookTargets {
    let cipher: FieldCipher

    public init(cipher: FieldCipher) { self.cipher = cipher }

    public func target(recipient: String, municipalityID: UUID, on database: any Database) async throws -> WebhookTarget? {
        guard recipient.hasPrefix("webhook:"), let id = UUID(uuidString: String(recipient.dropFirst("webhook:".count))),
              let endpoint = try await WebhookEndpoint.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID)
                .filter(\.$active == true).first()
        else { return nil }
        return WebhookTarget(url: endpoint.url, secret: try cipher.decrypt(endpoint.secretCiphertext, binding: WebhookEndpoint.binding(id: id)))
    }
}
