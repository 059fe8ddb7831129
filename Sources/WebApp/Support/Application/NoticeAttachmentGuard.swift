import Catalog
import Foundation
import MadoguchiCore
import Notices

/// The notices' attachment guard: the catalogue's publish guard (the privacy module's scanner) reads
/// every text and CSV attachment before a notice is published or corrected with it, and its findings
/// name the file as they do for a dataset's file. Unlike a dataset, a notice has no privacy-officer
/// override: staff remove the file or replace it with a cleaned version.
struct NoticeAttachmentGuard: AttachmentGuard {
    let blobs: any BlobStore
    var guardian = PersonalInformationPublishGuard()

    func inspect(_ files: [AttachmentGuardFile], noticeID: UUID, municipalityID: UUID) async throws -> [LocalizedText] {
        let blobs = self.blobs
        let candidate = PublishCandidate(datasetID: noticeID, municipalityID: municipalityID, metadata: [:], files: files.map { file in
            PublishCandidate.File(resourceID: file.id, name: file.fileName, format: file.format, load: { try await blobs.get(file.sha256) })
        })
        return try await guardian.inspect(candidate).map(\.message)
    }
}
