import FluentKit
import Foundation
import MadoguchiCore

/// One record about a requester found in a module's personal-information file.
public struct PersonalRecordMatch: Sendable, Hashable {
    public let fileID: String
    public let reference: String
    public let summary: String
    public let recordedAt: Date?

    public init(fileID: String, reference: String, summary: String, recordedAt: Date?) {
        self.fileID = fileID
        self.reference = reference
        self.summary = summary
        self.recordedAt = recordedAt
    }
}

/// A module's way of finding a requester's records for a disclosure request. Each module that
/// keeps residents' records declares one in its manifest (`recordSources`); the privacy officer's
/// screen asks every declared source.
public protocol PersonalRecordSource: DisclosureRecordSource {
    func records(matchingName name: String, municipalityID: UUID, cipher: FieldCipher, on database: any Database) async throws -> [PersonalRecordMatch]
}

extension PersonalRecordSource {
    /// Names compared without spaces (全角・半角) so 「山田 花子」 finds 「山田花子」.
    public static func normalizedName(_ name: String) -> String {
        name.filter { !$0.isWhitespace && $0 != "\u{3000}" }
    }
}

/// Other requests by the same requester.
public struct PrivacyRequestRecords: PersonalRecordSource {
    public var fileID: String { PrivacyModule.requestsFile.id }
    public init() {}

    public func records(matchingName name: String, municipalityID: UUID, cipher: FieldCipher, on database: any Database) async throws -> [PersonalRecordMatch] {
        let wanted = Self.normalizedName(name)
        return try await PrivacyRequest.query(on: database).filter(\.$municipalityID == municipalityID).all().compactMap { request in
            guard let stored = try? cipher.decrypt(request.requesterNameCiphertext, binding: request.binding("requester_name")),
                  Self.normalizedName(stored) == wanted else { return nil }
            return PersonalRecordMatch(fileID: fileID, reference: String((request.id?.uuidString ?? "").prefix(8)).lowercased(),
                                       summary: "\(request.requestKind?.label ?? request.kind)（\(request.receivedOn)受付）", recordedAt: request.createdAt)
        }
    }
}
