import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// Saved assisted-counter sessions: created, read, updated and deleted only through here, so that
/// every access is encrypted, scoped to the member's `CounterSessionScope` (need-to-know) and
/// written to the audit trail.
public struct CounterSessions: Sendable {
    public let cipher: FieldCipher
    public let audit: any AuditTrail
    public let catalog: LifeEventCatalog

    public init(cipher: FieldCipher, audit: any AuditTrail, catalog: LifeEventCatalog) {
        self.cipher = cipher
        self.audit = audit
        self.catalog = catalog
    }

    /// A session as staff see it after opening it (the opening is audited).
    public struct Opened: Sendable {
        public let id: UUID
        public let reference: String
        public let event: LifeEvent
        public let content: CounterSessionContent
        public let createdAt: Date?
    }

    /// Starts a session once the basic four items and the event date are valid.
    public func create(municipalityID: UUID, event eventID: String, content: CounterSessionContent, today: CivilDate,
                       by actor: Actor, origin: RequestOrigin, on database: any Database) async throws -> Opened {
        let event = try catalog.lifeEvent(eventID)
        try validate(content, event: event, today: today)
        return try await database.transaction { db in
            let session = CounterSession()
            session.id = UUID()
            session.municipalityID = municipalityID
            session.reference = Self.newReference()
            session.lifeEvent = event.id
            if case .staff(let staffID) = actor { session.openedBy = staffID }
            session.contentCiphertext = try seal(content, for: session)
            try await session.create(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.session.create",
                                              targetType: CounterSession.schema, targetID: session.id?.uuidString.lowercased(),
                                              details: ["life_event": event.id], origin: origin), on: db)
            return Opened(id: session.id!, reference: session.reference, event: event, content: content, createdAt: session.createdAt)
        }
    }

    /// Decrypts a session for a staff member; the read is audited with the purpose (`view`,
    /// `print_forms`, `print_slip`).
    public func open(_ id: UUID, in scope: CounterSessionScope, purpose: String, origin: RequestOrigin,
                     on database: any Database) async throws -> Opened {
        let municipalityID = scope.municipalityID, actor = Actor.staff(scope.staffID)
        let session = try await find(id, in: scope, on: database)
        let content = try unseal(session)
        try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.session.read",
                                          targetType: CounterSession.schema, targetID: id.uuidString.lowercased(),
                                          details: ["purpose": purpose], origin: origin), on: database)
        return Opened(id: id, reference: session.reference, event: try catalog.lifeEvent(session.lifeEvent), content: content,
                      createdAt: session.createdAt)
    }

    /// Replaces the answers (the basic four items and event date stay); audited.
    public func saveAnswers(_ facts: FactSet, session id: UUID, in scope: CounterSessionScope, today: CivilDate,
                            origin: RequestOrigin, on database: any Database) async throws -> Opened {
        let municipalityID = scope.municipalityID, actor = Actor.staff(scope.staffID)
        return try await database.transaction { db in
            let session = try await find(id, in: scope, on: db)
            var content = try unseal(session)
            let event = try catalog.lifeEvent(session.lifeEvent)
            content.facts = Navigator(event: event, eventDate: content.eventDate).effectiveAnswers(facts)
            try AnswerValidator.validate(event: event, eventDate: content.eventDate, facts: content.facts, today: today)
            session.contentCiphertext = try seal(content, for: session)
            try await session.save(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.session.update",
                                              targetType: CounterSession.schema, targetID: id.uuidString.lowercased(),
                                              details: ["answers": String(content.facts.values.count)], origin: origin), on: db)
            return Opened(id: id, reference: session.reference, event: event, content: content, createdAt: session.createdAt)
        }
    }

    /// Deletes a session when the resident has finished; audited.
    public func delete(_ id: UUID, in scope: CounterSessionScope, origin: RequestOrigin, on database: any Database) async throws {
        let municipalityID = scope.municipalityID, actor = Actor.staff(scope.staffID)
        try await database.transaction { db in
            let session = try await find(id, in: scope, on: db)
            try await session.delete(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "counter.session.delete",
                                              targetType: CounterSession.schema, targetID: id.uuidString.lowercased(),
                                              origin: origin), on: db)
        }
    }

    /// The sessions in scope, newest first, without decrypting anything.
    public func list(in scope: CounterSessionScope, limit: Int = 200, on database: any Database) async throws -> [CounterSession] {
        try await CounterSession.query(on: database).filter(\.$municipalityID == scope.municipalityID)
            .filter(\.$openedBy ~~ Array(scope.openers)).sort(\.$createdAt, .descending).limit(limit).all()
    }

    private func find(_ id: UUID, in scope: CounterSessionScope, on database: any Database) async throws -> CounterSession {
        guard let session = try await CounterSession.query(on: database).filter(\.$id == id)
            .filter(\.$municipalityID == scope.municipalityID).filter(\.$openedBy ~~ Array(scope.openers)).first() else {
            throw CounterError(.notFound, ja: "その受付記録はありません（保存期間を過ぎて削除された可能性があります）。",
                               en: "No such counter session (it may have passed its retention period).")
        }
        return session
    }

    private func validate(_ content: CounterSessionContent, event: LifeEvent, today: CivilDate) throws(CounterError) {
        var problems: [FieldProblem] = []
        do { try content.resident.validate(today: today) } catch { problems += error.problems }
        do { try AnswerValidator.validateEventDate(content.eventDate, for: event, today: today) } catch { problems += error.problems }
        if !problems.isEmpty { throw CounterError(problems: problems) }
    }

    private func seal(_ content: CounterSessionContent, for session: CounterSession) throws -> String {
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        return try cipher.encrypt(json, binding: session.binding())
    }

    private func unseal(_ session: CounterSession) throws -> CounterSessionContent {
        let json = try cipher.decrypt(session.contentCiphertext, binding: session.binding())
        return try JSONDecoder().decode(CounterSessionContent.self, from: Data(json.utf8))
    }

    /// Six characters from an alphabet without look-alikes (no 0/O, 1/I/L).
    static func newReference() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }
}
