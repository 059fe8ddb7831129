import FluentKit
import Foundation
import MadoguchiCore

/// Need-to-know for residents' disclosure, correction and suspension requests (which name the
/// requester and say what they ask about). The handling department of every request is the
/// municipality's privacy office: the staff holding `PrivacyPermission.manageRequests` (the privacy
/// officers), who register, gather and decide. The departments whose files a request concerns get
/// no access here; the officer asks them. Nobody else — administrators, auditors, other
/// departments — reads a request; the queue and each request are reached only through this scope.
public struct PrivacyRequestScope: Sendable {
    public let municipalityID: UUID
    public let staffID: UUID

    /// Nil unless the member's roles carry `PrivacyPermission.manageRequests`.
    public init?(municipalityID: UUID, staffID: UUID, roles: Set<Role>, policy: AccessPolicy) {
        guard policy.allows(roles, PrivacyPermission.manageRequests) else { return nil }
        self.municipalityID = municipalityID
        self.staffID = staffID
    }
}

extension PrivacyRequestService {
    /// One request in scope; any other id is `notFound`.
    public func find(_ id: UUID, in scope: PrivacyRequestScope, on database: any Database) async throws -> PrivacyRequest {
        try await find(id, municipalityID: scope.municipalityID, on: database)
    }

    /// The queue in scope, most recently received first, nothing decrypted.
    public func queue(in scope: PrivacyRequestScope, limit: Int = 500, on database: any Database) async throws -> [PrivacyRequest] {
        try await PrivacyRequest.query(on: database).filter(\.$municipalityID == scope.municipalityID)
            .sort(\.$receivedOn, .descending).limit(limit).all()
    }
}
