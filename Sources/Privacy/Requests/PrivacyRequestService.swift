import FluentKit
import Foundation
import MadoguchiCore

/// The commands on residents' requests. Each validates, writes in a transaction with its audit
/// entry, and keeps the requester's details encrypted; every query is scoped to a municipality.
public struct PrivacyRequestService: Sendable {
    /// What the requester wrote on the form; encrypted before it reaches the database.
    public struct Requester: Sendable, Equatable {
        public var name: String
        public var address: String
        public var contact: String?
        public init(name: String, address: String, contact: String? = nil) {
            self.name = name
            self.address = address
            self.contact = contact
        }
    }

    public let cipher: FieldCipher
    public let audit: any AuditTrail
    public let deadlines: RequestDeadline

    public init(cipher: FieldCipher, audit: any AuditTrail, deadlines: RequestDeadline = RequestDeadline()) {
        self.cipher = cipher
        self.audit = audit
        self.deadlines = deadlines
    }

    public func register(municipalityID: UUID, kind: PrivacyRequestKind, receivedOn: CivilDate, requester: Requester,
                         subject: String, targetFileID: String? = nil, disclosedOn: CivilDate? = nil,
                         actor: Actor, on database: any Database) async throws -> PrivacyRequest {
        if kind.requiresPriorDisclosure {
            guard let disclosedOn else { throw PrivacyRequestError.disclosureDateRequired }
            let last = RequestDeadline.followUpLastDay(disclosedOn: disclosedOn)
            guard receivedOn <= last else { throw PrivacyRequestError.followUpWindowPassed(lastDay: last) }
        }
        let request = PrivacyRequest()
        request.id = UUID()
        request.municipalityID = municipalityID
        request.kind = kind.rawValue
        request.status = PrivacyRequestStatus.received.rawValue
        request.receivedOn = receivedOn.description
        request.requesterNameCiphertext = try cipher.encrypt(requester.name, binding: request.binding("requester_name"))
        request.requesterAddressCiphertext = try cipher.encrypt(requester.address, binding: request.binding("requester_address"))
        request.requesterContactCiphertext = try cipher.encryptOptional(requester.contact, binding: request.binding("requester_contact"))
        request.subjectCiphertext = try cipher.encrypt(subject, binding: request.binding("subject"))
        request.targetFileID = targetFileID
        request.disclosedOn = disclosedOn?.description
        request.correctionDays = 0
        try await database.transaction { db in
            try await request.create(on: db)
            try await audit.record(event(request, actor: actor, action: "privacy.request.register"), on: db)
        }
        return request
    }

    /// Staff reach requests through `find(_:in:on:)` (`PrivacyRequestScope`).
    func find(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> PrivacyRequest {
        guard let request = try await PrivacyRequest.query(on: database).filter(\.$id == id)
            .filter(\.$municipalityID == municipalityID).first() else { throw PrivacyRequestError.notFound }
        return request
    }

    /// The decrypted requester details; reading them is itself audited.
    public func requester(of request: PrivacyRequest, actor: Actor, on database: any Database) async throws -> Requester {
        let details = Requester(
            name: try cipher.decrypt(request.requesterNameCiphertext, binding: request.binding("requester_name")),
            address: try cipher.decrypt(request.requesterAddressCiphertext, binding: request.binding("requester_address")),
            contact: try cipher.decryptOptional(request.requesterContactCiphertext, binding: request.binding("requester_contact")))
        try await audit.record(event(request, actor: actor, action: "privacy.request.view"), on: database)
        return details
    }

    public func subject(of request: PrivacyRequest) throws -> String {
        try cipher.decrypt(request.subjectCiphertext, binding: request.binding("subject"))
    }

    /// 補正 starts: the clock stops from `on` until `endCorrection`.
    public func startCorrection(_ request: PrivacyRequest, on day: CivilDate, actor: Actor, database: any Database) async throws {
        guard request.requestStatus == .received else { throw PrivacyRequestError.invalidTransition("not awaiting a decision") }
        request.status = PrivacyRequestStatus.awaitingCorrection.rawValue
        request.correctionStartedOn = day.description
        try await save(request, actor: actor, action: "privacy.request.correction_start", on: database)
    }

    public func endCorrection(_ request: PrivacyRequest, on day: CivilDate, actor: Actor, database: any Database) async throws {
        guard request.requestStatus == .awaitingCorrection, let started = request.correctionStartedOn.flatMap(CivilDate.init(iso:)) else {
            throw PrivacyRequestError.invalidTransition("no correction under way")
        }
        request.correctionDays += RequestDeadline.correctionDays(from: started, to: day)
        request.correctionStartedOn = nil
        request.status = PrivacyRequestStatus.received.rawValue
        try await save(request, actor: actor, action: "privacy.request.correction_end", on: database)
    }

    /// Extends the deadline by 30 days; needs the date the written notice was sent and the reason.
    public func extend(_ request: PrivacyRequest, noticeOn: CivilDate, reason: String, actor: Actor, database: any Database) async throws {
        guard request.decision == nil else { throw PrivacyRequestError.alreadyDecided }
        guard request.extensionNoticeOn == nil else { throw PrivacyRequestError.invalidTransition("already extended") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw PrivacyRequestError.groundsRequired }
        request.extensionNoticeOn = noticeOn.description
        request.extensionReason = reason
        try await save(request, actor: actor, action: "privacy.request.extend", on: database)
    }

    public func decide(_ request: PrivacyRequest, decision: PrivacyRequestDecision, grounds: String?, decidedOn: CivilDate,
                       actor: Actor, database: any Database) async throws {
        guard request.decision == nil else { throw PrivacyRequestError.alreadyDecided }
        if decision.requiresGrounds, (grounds ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw PrivacyRequestError.groundsRequired }
        request.decision = decision.rawValue
        request.decisionGrounds = grounds
        request.decidedOn = decidedOn.description
        request.status = PrivacyRequestStatus.decided.rawValue
        try await save(request, actor: actor, action: "privacy.request.decide", on: database, details: ["decision": decision.rawValue])
    }

    /// The decision deadline as things stand.
    public func due(_ request: PrivacyRequest) -> CivilDate? {
        guard let received = CivilDate(iso: request.receivedOn) else { return nil }
        return deadlines.decisionDue(receivedOn: received, correctionDays: request.correctionDays,
                                     extended: request.extensionNoticeOn != nil)
    }

    private func save(_ request: PrivacyRequest, actor: Actor, action: String, on database: any Database,
                      details: [String: String] = [:]) async throws {
        try await database.transaction { db in
            try await request.save(on: db)
            try await audit.record(event(request, actor: actor, action: action, details: details), on: db)
        }
    }

    private func event(_ request: PrivacyRequest, actor: Actor, action: String, details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(municipalityID: request.municipalityID, actor: actor, action: action, targetType: PrivacyRequest.schema,
                   targetID: request.id.map { FieldBinding.recordID($0) }, details: details.merging(["kind": request.kind]) { a, _ in a })
    }
}
