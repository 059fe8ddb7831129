import FluentKit
import SQLKit
import Foundation
import MadoguchiCore

/// One encrypted column of a model, as rotation sees it: its name (for the binding) and how to
/// read and write the stored envelope.
public struct EncryptedColumn<M: Model>: Sendable {
    public let name: String
    let read: @Sendable (M) -> String?
    let write: @Sendable (M, String) -> Void

    public init(_ name: String, _ keyPath: ReferenceWritableKeyPath<M, String>) {
        self.name = name
        read = { $0[keyPath: keyPath] }
        write = { $0[keyPath: keyPath] = $1 }
    }

    public init(_ name: String, _ keyPath: ReferenceWritableKeyPath<M, String?>) {
        self.name = name
        read = { $0[keyPath: keyPath] }
        write = { $0[keyPath: keyPath] = $1 }
    }
}

/// Rotation: re-encrypts every value not yet under the ring's current key, in batches, each value
/// with a conditional update (only if it is unchanged since it was read), so it can be stopped and
/// resumed and runs beside normal traffic without overwriting a concurrent edit. Once a
/// run reports `remaining == 0` for every table, the old key can leave the ring.
public enum FieldKeyRotation {
    public struct Result: Sendable, Equatable {
        public var examined = 0
        public var reencrypted = 0
    }

    public static func rotate<M: Model>(
        _ type: M.Type, columns: [EncryptedColumn<M>], cipher: FieldCipher, batchSize: Int = 200,
        audit: (any AuditTrail)? = nil, on database: any Database
    ) async throws -> Result {
        var result = Result()
        var offset = 0
        while true {
            let batch = try await M.query(on: database).sort(\M._$id).range(offset..<(offset + batchSize)).all()
            if batch.isEmpty { break }
            offset += batch.count
            result.examined += batch.count
            // Each column is replaced only if it still holds the envelope read above, so a record
            // edited meanwhile keeps its edit (it is picked up, already current, or on the next run).
            let sql = database as! any SQLDatabase
            var changed = 0
            for record in batch {
                guard let id = record.id else { continue }
                var updatedAny = false
                for column in columns {
                    guard let envelope = column.read(record), !cipher.isCurrent(envelope) else { continue }
                    let binding = FieldBinding(table: M.schema, column: column.name, recordID: FieldBinding.recordID(id))
                    let fresh = try cipher.reencrypt(envelope, binding: binding)
                    let rows = try await sql.raw("""
                        UPDATE \(ident: M.schema) SET \(ident: column.name) = \(bind: fresh)
                        WHERE id = \(bind: id) AND \(ident: column.name) = \(bind: envelope) RETURNING id
                        """).all()
                    if !rows.isEmpty { updatedAny = true }
                }
                if updatedAny { changed += 1 }
            }
            if changed > 0, let audit {
                try await audit.record(AuditEvent(municipalityID: nil, actor: .system, action: "privacy.keys.rotate",
                                                  targetType: M.schema,
                                                  details: ["records": String(changed), "key_id": cipher.keyRing.currentKeyID]),
                                       on: database)
            }
            result.reencrypted += changed
            if batch.count < batchSize { break }
        }
        return result
    }
}

extension FieldBinding {
    /// The text form of a record id used in bindings: UUIDs lower-case, everything else as printed.
    public static func recordID(_ id: some Hashable) -> String {
        if let uuid = id as? UUID { return uuid.uuidString.lowercased() }
        return "\(id)"
    }
}
