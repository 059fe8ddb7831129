import FluentKit
import MadoguchiCore
import SQLKit

/// catalog.0010: the search version's change log. Each raise of a municipality's catalogue version
/// (catalog.0009's triggers) also records which dataset it was for, so an instance holding the
/// snapshot of an earlier version updates it from the datasets named since instead of rebuilding it
/// whole (`SearchSnapshotLoader.update`); the log is pruned as snapshots read it.
struct AddSearchChangeLog: AsyncMigration {
    var name: String { "catalog.0010.search_change_log" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.create(table: SearchSnapshotLoader.changesTable)
            .column("municipality_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .column("version", type: .bigint, .notNull)
            .column("dataset_id", type: .custom(SQLRaw(uuidType(database))), .notNull)
            .primaryKey("municipality_id", "version")
            .run()
        if sql.dialect.name != "postgresql" { try await AddSearchVersions.dropSQLiteTriggers(on: sql) }
        try await AddSearchVersions.createTriggers(on: sql, logChanges: true)
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        if sql.dialect.name != "postgresql" { try await AddSearchVersions.dropSQLiteTriggers(on: sql) }
        try await AddSearchVersions.createTriggers(on: sql, logChanges: false)
        try await sql.drop(table: SearchSnapshotLoader.changesTable).run()
    }
}
