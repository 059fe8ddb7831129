import FluentKit
import SQLKit
import Foundation
import MadoguchiCore

/// One encrypted column of a model, named for a typed call of `FieldKeyRotation.rotate(_:columns:…)`.
/// Rotation itself works on the column's declaration (table, column, `id` key), not on the model.
public struct EncryptedColumn<M: Model>: Sendable {
    public let name: String

    public init(_ name: String, _ keyPath: ReferenceWritableKeyPath<M, String>) { self.name = name }
    public init(_ name: String, _ keyPath: ReferenceWritableKeyPath<M, String?>) { self.name = name }

    var declaration: EncryptedColumnDeclaration { EncryptedColumnDeclaration(table: M.schema, column: name) }
}

/// Rotation: re-encrypts every value not yet under the ring's current key, for every column the
/// module manifests declare, over SQL (no model needed). It reads only rows holding a value under
/// another key, in key order and in batches, and replaces each value with a conditional update
/// (only if it is unchanged since it was read), so it can be stopped and resumed and runs beside
/// normal traffic without overwriting a concurrent edit. A column with a keyed index
/// (`KeyedIndexDeclaration`) has its index re-keyed in the same pass: rows whose index key is not
/// the current one (or unknown) are read too, and the index is made again from the decrypted value.
/// Once a run reports 0 re-encrypted for every table, the old key can leave the ring.
public enum FieldKeyRotation {
    public struct Result: Sendable, Equatable {
        /// Rows read because at least one of their values was not under the current key.
        public var examined = 0
        /// Rows of which at least one value was re-encrypted.
        public var reencrypted = 0
        /// Rows whose keyed index was made again under the current key.
        public var reindexed = 0
        /// Rows whose keyed index could not be re-keyed because another row already holds the value
        /// under the current key (two rows for one value, written before lookups tried every key):
        /// both rows are kept; this one stays findable only while its key is in the ring.
        public var duplicateIndexes = 0

        public init(examined: Int = 0, reencrypted: Int = 0, reindexed: Int = 0, duplicateIndexes: Int = 0) {
            self.examined = examined
            self.reencrypted = reencrypted
            self.reindexed = reindexed
            self.duplicateIndexes = duplicateIndexes
        }
    }

    /// Every declared column, table by table (in the order the tables first appear).
    public static func rotate(
        _ columns: [EncryptedColumnDeclaration], cipher: FieldCipher, batchSize: Int = 200,
        audit: (any AuditTrail)? = nil, on database: any Database
    ) async throws -> [(table: String, result: Result)] {
        var order: [String] = []
        var byTable: [String: [EncryptedColumnDeclaration]] = [:]
        for column in columns {
            if byTable[column.table] == nil { order.append(column.table) }
            byTable[column.table, default: []].append(column)
        }
        var results: [(table: String, result: Result)] = []
        for table in order {
            results.append((table, try await rotate(table: table, columns: byTable[table]!, cipher: cipher, batchSize: batchSize,
                                                    audit: audit, on: database)))
        }
        return results
    }

    /// A model's columns (keyed by `id`), as before the manifests declared them.
    public static func rotate<M: Model>(
        _ type: M.Type, columns: [EncryptedColumn<M>], cipher: FieldCipher, batchSize: Int = 200,
        audit: (any AuditTrail)? = nil, on database: any Database
    ) async throws -> Result {
        try await rotate(table: M.schema, columns: columns.map(\.declaration), cipher: cipher, batchSize: batchSize,
                         audit: audit, on: database)
    }

    /// One table's declared columns (they share the table's key column).
    public static func rotate(
        table: String, columns: [EncryptedColumnDeclaration], cipher: FieldCipher, batchSize: Int = 200,
        audit: (any AuditTrail)? = nil, on database: any Database
    ) async throws -> Result {
        guard let first = columns.first else { return Result() }
        let sql = try database.sql(for: "key rotation")
        guard columns.allSatisfy({ $0.table == table && $0.keyColumn == first.keyColumn && $0.keyType == first.keyType }) else {
            throw FieldKeyRotationError.inconsistentKey(table: table)
        }
        let key = RowKeyColumn(name: first.keyColumn, type: first.keyType)
        let currentID = cipher.keyRing.currentKeyID
        let currentPrefix = "v1.\(currentID)."
        var result = Result()
        var after: RowKey?
        while true {
            let rows = try await sql.raw(batchQuery(table: table, key: key, columns: columns, currentPrefix: currentPrefix,
                                                    currentKeyID: currentID, after: after, limit: batchSize)).all()
            if rows.isEmpty { break }
            result.examined += rows.count
            var changed = 0, reindexed = 0
            for row in rows {
                let id = try key.decode(row)
                after = id
                var updatedAny = false, reencryptedAny = false
                for column in columns {
                    guard let envelope = try StoredEnvelope.decode(row, column: column) else { continue }
                    let binding = FieldBinding(table: table, column: column.column, recordID: id.recordID)
                    if !cipher.isCurrent(envelope) {
                        let fresh = try cipher.reencrypt(envelope, binding: binding)
                        let updated = try await sql.raw("""
                            UPDATE \(ident: table) SET \(ident: column.column) = \(StoredEnvelope.bind(fresh, column))
                            WHERE \(ident: key.name) = \(id.bind) AND \(ident: column.column) = \(StoredEnvelope.bind(envelope, column))
                            RETURNING \(ident: key.name)
                            """).all()
                        if !updated.isEmpty { updatedAny = true; reencryptedAny = true }
                    }
                    if let index = column.keyedIndex {
                        switch try await rekey(index, of: envelope, binding: binding, row: row, id: id, table: table, key: key,
                                               cipher: cipher, on: sql) {
                        case .current, .changedMeanwhile: break
                        case .rekeyed: updatedAny = true; reindexed += 1
                        case .duplicate: result.duplicateIndexes += 1
                        }
                    }
                }
                if updatedAny { changed += 1 }
                if reencryptedAny { result.reencrypted += 1 }
            }
            if changed > 0, let audit {
                var details = ["records": String(changed), "key_id": currentID]
                if reindexed > 0 { details["reindexed"] = String(reindexed) }
                try await audit.record(AuditEvent(municipalityID: nil, actor: .system, action: "privacy.keys.rotate", targetType: table,
                                                  details: details),
                                       on: database)
            }
            result.reindexed += reindexed
            if rows.count < batchSize { break }
        }
        return result
    }

    enum RekeyOutcome { case current, rekeyed, changedMeanwhile, duplicate }

    /// Makes a row's keyed index again under the current key from the column's value, if it was made
    /// under another key or an unknown one; only if the index is unchanged since it was read.
    static func rekey(_ index: KeyedIndexDeclaration, of envelope: String, binding: FieldBinding, row: any SQLRow, id: RowKey,
                      table: String, key: RowKeyColumn, cipher: FieldCipher, on sql: any SQLDatabase) async throws -> RekeyOutcome {
        let storedKeyID = try row.decode(column: index.keyIDColumn, as: String?.self)
        guard storedKeyID != cipher.keyRing.currentKeyID else { return .current }
        let storedValue = try row.decode(column: index.column, as: String?.self)
        let fresh = KeyedIndex.current(try cipher.decrypt(envelope, binding: binding), index, ring: cipher.keyRing)
        let update: SQLQueryString = """
            UPDATE \(ident: table) SET \(ident: index.column) = \(bind: fresh.value), \(ident: index.keyIDColumn) = \(bind: fresh.keyID) \
            WHERE \(ident: key.name) = \(id.bind) AND \(nullSafeEquals(index.column, storedValue)) \
            AND \(nullSafeEquals(index.keyIDColumn, storedKeyID)) RETURNING \(ident: key.name)
            """
        do {
            return try await sql.raw(update).all().isEmpty ? .changedMeanwhile : .rekeyed
        } catch {
            // A unique index on the value: another row already holds it under the current key.
            let holder = try await sql.raw("""
                SELECT \(ident: key.name) FROM \(ident: table) WHERE \(ident: index.column) = \(bind: fresh.value) \
                AND \(ident: key.name) <> \(id.bind) LIMIT 1
                """).all()
            if holder.isEmpty { throw error }
            return .duplicate
        }
    }

    /// `column = value`, or `column IS NULL` for nil (the same on both engines).
    static func nullSafeEquals(_ column: String, _ value: String?) -> SQLQueryString {
        if let value { return "\(ident: column) = \(bind: value)" }
        return "\(ident: column) IS NULL"
    }

    /// Rows after `after` (in key order) with at least one value not under the current key. Text
    /// values are filtered in SQL by their `v1.<current>.` prefix; byte values are checked after reading.
    /// A keyed index is read with its column, and its row is taken when its key id is not the current one.
    static func batchQuery(table: String, key: RowKeyColumn, columns: [EncryptedColumnDeclaration], currentPrefix: String,
                           currentKeyID: String, after: RowKey?, limit: Int) -> SQLQueryString {
        var query: SQLQueryString = "SELECT \(ident: key.name)"
        for column in columns {
            query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(ident: column.column)
            if let index = column.keyedIndex {
                query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(ident: index.column)
                query.appendInterpolation(unsafeRaw: ", "); query.appendInterpolation(ident: index.keyIDColumn)
            }
        }
        query.appendInterpolation(unsafeRaw: " FROM ")
        query.appendInterpolation(ident: table)
        query.appendInterpolation(unsafeRaw: " WHERE (")
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: " OR ") }
            query.appendInterpolation(unsafeRaw: "(")
            query.appendInterpolation(ident: column.column)
            query.appendInterpolation(unsafeRaw: " IS NOT NULL")
            if column.storage == .text {
                query.appendInterpolation(unsafeRaw: " AND SUBSTR(")
                query.appendInterpolation(ident: column.column)
                query.appendInterpolation(unsafeRaw: ", 1, \(currentPrefix.utf8.count)) <> ")
                query.appendInterpolation(bind: currentPrefix)
            }
            if let index = column.keyedIndex {
                query.appendInterpolation(unsafeRaw: " OR (")
                query.appendInterpolation(ident: column.column)
                query.appendInterpolation(unsafeRaw: " IS NOT NULL AND (")
                query.appendInterpolation(ident: index.keyIDColumn)
                query.appendInterpolation(unsafeRaw: " IS NULL OR ")
                query.appendInterpolation(ident: index.keyIDColumn)
                query.appendInterpolation(unsafeRaw: " <> ")
                query.appendInterpolation(bind: currentKeyID)
                query.appendInterpolation(unsafeRaw: "))")
            }
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: ")")
        if let after {
            query.appendInterpolation(unsafeRaw: " AND ")
            query.appendInterpolation(ident: key.name)
            query.appendInterpolation(unsafeRaw: " > ")
            query.appendInterpolation(after.bind)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY ")
        query.appendInterpolation(ident: key.name)
        query.appendInterpolation(unsafeRaw: " LIMIT \(max(1, limit))")
        return query
    }
}

/// A table's key column as its declaration names it.
struct RowKeyColumn {
    let name: String
    let type: EncryptedColumnDeclaration.KeyType

    func decode(_ row: any SQLRow) throws -> RowKey {
        switch type {
        case .uuid: return .uuid(try row.decode(column: name, as: UUID.self))
        case .text: return .text(try row.decode(column: name, as: String.self))
        case .integer: return .integer(try row.decode(column: name, as: Int.self))
        }
    }
}

/// One row's key value.
enum RowKey {
    case uuid(UUID), text(String), integer(Int)

    /// The record id in the binding, as `FieldBinding.recordID` writes it.
    var recordID: String {
        switch self {
        case .uuid(let id): return FieldBinding.recordID(id)
        case .text(let id): return id
        case .integer(let id): return String(id)
        }
    }

    var bind: SQLBind {
        switch self {
        case .uuid(let id): return SQLBind(id)
        case .text(let id): return SQLBind(id)
        case .integer(let id): return SQLBind(id)
        }
    }
}

/// An envelope as a column stores it: text, or its UTF-8 bytes.
enum StoredEnvelope {
    static func decode(_ row: any SQLRow, column: EncryptedColumnDeclaration) throws -> String? {
        switch column.storage {
        case .text: return try row.decode(column: column.column, as: String?.self)
        case .bytes: return try row.decode(column: column.column, as: Data?.self).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    static func bind(_ envelope: String, _ column: EncryptedColumnDeclaration) -> SQLBind {
        switch column.storage {
        case .text: return SQLBind(envelope)
        case .bytes: return SQLBind(Data(envelope.utf8))
        }
    }
}

extension FieldBinding {
    /// The text form of a record id used in bindings: UUIDs lower-case, everything else as printed.
    public static func recordID(_ id: some Hashable) -> String {
        if let uuid = id as? UUID { return uuid.uuidString.lowercased() }
        return "\(id)"
    }
}
