import Crypto
import Foundation
import MadoguchiCore

/// The hash of an audit entry: SHA-256 over a length-prefixed encoding of every field and the
/// previous entry's hash, so changing, removing or reordering any row breaks the chain.
public enum AuditHash {
    /// The previous hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public static func compute(sequence: Int, previousHash: String, occurredAtMilliseconds: Int64,
                               municipalityID: UUID?, actor: String, action: String, targetType: String?,
                               targetID: String?, ipAddress: String?, requestID: String?, details: String) -> String {
        let fields: [String] = [
            "madoguchi-audit-v1", String(sequence), previousHash, String(occurredAtMilliseconds),
            municipalityID?.uuidString.lowercased() ?? "", actor, action, targetType ?? "", targetID ?? "",
            ipAddress ?? "", requestID ?? "", details,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array(String(utf8.count).utf8))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
        return SHA256.hash(data: bytes).lowercaseHex
    }

    public static func compute(for entry: AuditEntry) -> String {
        compute(sequence: entry.sequence, previousHash: entry.previousHash,
                occurredAtMilliseconds: entry.occurredAtMilliseconds, municipalityID: entry.municipalityID,
                actor: entry.actor, action: entry.action, targetType: entry.targetType, targetID: entry.targetID,
                ipAddress: entry.ipAddress, requestID: entry.requestID, details: entry.details)
    }

    /// Details as JSON with sorted keys, so the same dictionary always hashes the same.
    public static func canonicalJSON(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(details)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
