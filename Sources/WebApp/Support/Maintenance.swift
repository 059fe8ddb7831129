import Counter
import Foundation
import Privacy
import Vapor

/// One-shot maintenance the command line runs against a configured application.
public enum Maintenance {
    /// Deletes personal records past their retention now (what the background job does hourly);
    /// returns a line per file, or nil when another instance holds the job's lease.
    public static func purgeExpired(_ app: Application) async throws -> [String]? {
        switch try await RetentionJob.runOnce(app: app) {
        case .skipped: return nil
        case .purged(let counts): return counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) deleted" }
        }
    }

    /// Re-encrypts every personal field not yet under the current key, table by table, in batches
    /// (resumable). When every line reports 0 re-encrypted on a second run, old keys can leave the ring.
    public static func rotateFieldKeys(_ app: Application) async throws -> [String] {
        let cipher = app.madoguchi.cipher, audit = app.madoguchi.audit
        let sessions = try await FieldKeyRotation.rotate(
            CounterSession.self, columns: [EncryptedColumn("content", \CounterSession.contentCiphertext)],
            cipher: cipher, audit: audit, on: app.db)
        let requests = try await FieldKeyRotation.rotate(
            PrivacyRequest.self,
            columns: [EncryptedColumn("requester_name", \PrivacyRequest.requesterNameCiphertext),
                      EncryptedColumn("requester_address", \PrivacyRequest.requesterAddressCiphertext),
                      EncryptedColumn("requester_contact", \PrivacyRequest.requesterContactCiphertext),
                      EncryptedColumn("subject", \PrivacyRequest.subjectCiphertext)],
            cipher: cipher, audit: audit, on: app.db)
        return [(CounterSession.schema, sessions), (PrivacyRequest.schema, requests)].map {
            "\($0.0): \($0.1.examined) examined, \($0.1.reencrypted) re-encrypted under \(cipher.keyRing.currentKeyID)"
        }
    }
}
