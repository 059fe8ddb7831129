import FluentKit
import Foundation
import Privacy

/// Saved counter sessions whose resident (the applicant) has the requester's name.
public struct CounterSessionRecords: PersonalRecordSource {
    public var fileID: String { CounterModule.sessionsFile.id }
    public init() {}

    public func records(matchingName name: String, municipalityID: UUID, cipher: FieldCipher, on database: any Database) async throws -> [PersonalRecordMatch] {
        let wanted = Self.normalizedName(name)
        return try await CounterSession.query(on: database).filter(\.$municipalityID == municipalityID).all().compactMap { session in
            guard let json = try? cipher.decrypt(session.contentCiphertext, binding: session.binding()),
                  let content = try? JSONDecoder().decode(CounterSessionContent.self, from: Data(json.utf8)),
                  Self.normalizedName(content.resident.name) == wanted else { return nil }
            return PersonalRecordMatch(fileID: fileID, reference: session.reference,
                                       summary: "窓口支援受付（\(session.lifeEvent)、\(content.eventDate)）", recordedAt: session.createdAt)
        }
    }
}
