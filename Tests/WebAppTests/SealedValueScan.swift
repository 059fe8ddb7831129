import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import SQLKit

/// A column of the migrated schema.
struct SchemaColumn: Hashable, Comparable, CustomStringConvertible {
    let table: String
    let column: String

    var description: String { "\(table).\(column)" }
    static func < (a: SchemaColumn, b: SchemaColumn) -> Bool { (a.table, a.column) < (b.table, b.column) }
}

/// Reads the migrated schema of either engine and finds every stored sealed value
/// (`v1.<keyid>.<base64>`, as `FieldCipher` writes it) in any text or blob column.
struct SealedValueScan {
    let sql: any SQLDatabase

    /// Every column of every table, with whether it holds text or bytes (nil: neither, e.g. an integer).
    func columns() async throws -> [SchemaColumn: EncryptedColumnDeclaration.Storage?] {
        var result: [SchemaColumn: EncryptedColumnDeclaration.Storage?] = [:]
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                for row in try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table))").all() {
                    let type = try row.decode(column: "type", as: String.self).uppercased()
                    let storage: EncryptedColumnDeclaration.Storage? =
                        type.contains("BLOB") || type.isEmpty ? .bytes
                        : ["TEXT", "CHAR", "CLOB", "JSON"].contains(where: type.contains) ? .text : nil
                    result[SchemaColumn(table: table, column: try row.decode(column: "name", as: String.self))] = storage
                }
            }
        } else {
            let rows = try await sql.raw("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                """).all()
            for row in rows {
                let type = try row.decode(column: "data_type", as: String.self)
                let storage: EncryptedColumnDeclaration.Storage? =
                    type == "bytea" ? .bytes : ["text", "character varying", "character", "json", "jsonb"].contains(type) ? .text : nil
                result[SchemaColumn(table: try row.decode(column: "table_name", as: String.self),
                                    column: try row.decode(column: "column_name", as: String.self))] = storage
            }
        }
        return result
    }

    /// The key ids of the sealed values stored in each text or blob column (columns without any left out).
    func sealedValues() async throws -> [SchemaColumn: [String]] {
        var found: [SchemaColumn: [String]] = [:]
        for (column, storage) in try await columns() {
            guard let storage else { continue }
            for value in try await candidates(column, storage) {
                if let keyID = try? FieldCipher.keyID(of: value) { found[column, default: []].append(keyID) }
            }
        }
        return found
    }

    /// The values of a column that start with `v1.`, as text.
    private func candidates(_ column: SchemaColumn, _ storage: EncryptedColumnDeclaration.Storage) async throws -> [String] {
        let table = SQLIdentifier(column.table), name = SQLIdentifier(column.column)
        let query: SQLQueryString
        if sql.dialect.name == "sqlite" {
            // Any value stored as text or blob, whatever the column's declared type.
            query = "SELECT CAST(\(name) AS TEXT) AS v FROM \(table) WHERE typeof(\(name)) IN ('text', 'blob') AND CAST(\(name) AS TEXT) LIKE 'v1.%'"
        } else if storage == .bytes {
            query = "SELECT convert_from(\(name), 'UTF8') AS v FROM \(table) WHERE substring(\(name) from 1 for 3) = 'v1.'::bytea"
        } else {
            // A JSON column holding a sealed string is `"v1.…"`; `#>> '{}'` reads its text.
            let text: SQLQueryString = ["json", "jsonb"].contains(try await dataType(column)) ? "(\(name) #>> '{}')" : "\(name)::text"
            query = "SELECT \(text) AS v FROM \(table) WHERE \(text) LIKE 'v1.%'"
        }
        return try await sql.raw(query).all().map { try $0.decode(column: "v", as: String.self) }
    }

    private func dataType(_ column: SchemaColumn) async throws -> String {
        try await sql.raw("""
            SELECT data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: column.table) AND column_name = \(bind: column.column)
            """).first()?.decode(column: "data_type", as: String.self) ?? ""
    }
}

/// What the manifests and the stored data disagree on: sealed values in an undeclared column, and
/// declared columns the schema does not have (or of another storage than declared).
struct ManifestDrift: Equatable {
    var undeclared: [SchemaColumn] = []
    var missing: [SchemaColumn] = []

    static func check(_ declared: [EncryptedColumnDeclaration], on sql: any SQLDatabase) async throws -> ManifestDrift {
        let scan = SealedValueScan(sql: sql)
        let schema = try await scan.columns()
        let declaredColumns = Set(declared.map { SchemaColumn(table: $0.table, column: $0.column) })
        var drift = ManifestDrift()
        drift.undeclared = try await scan.sealedValues().keys.filter { !declaredColumns.contains($0) }.sorted()
        drift.missing = declared.filter { declaration in
            let column = SchemaColumn(table: declaration.table, column: declaration.column)
            guard case .some(.some(let storage)) = schema[column] else { return true }
            return storage != declaration.storage
        }.map { SchemaColumn(table: $0.table, column: $0.column) }.sorted()
        return drift
    }
}
