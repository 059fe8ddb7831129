import Foundation
import MadoguchiCore

/// The audit log as CSV for auditors (see `CSVWriter` for quoting and formula neutralisation).
public enum AuditCSV {
    public static let header = ["seq", "occurred_at", "municipality_id", "actor", "action", "target_type",
                                "target_id", "ip", "request_id", "details", "hash"]

    public static func render(_ entries: [AuditEntry]) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return CSVWriter.document(header: header, rows: entries.map { e in
            [String(e.sequence), formatter.string(from: e.occurredAt), e.municipalityID?.uuidString.lowercased() ?? "",
             e.actor, e.action, e.targetType ?? "", e.targetID ?? "", e.ipAddress ?? "", e.requestID ?? "",
             e.details, e.hash]
        })
    }
}
