import FluentKit
import MadoguchiCore
import SQLKit

/// catalog.0009: a version per municipality's searchable catalogue, raised by the database itself
/// (triggers on `catalog_datasets`) whenever a published dataset is created, changed, unpublished or
/// deleted, in the writing transaction. Every instance compares it before answering from its
/// in-memory search snapshot (`SearchSnapshots`), so a write on one instance is seen by the next
/// search on every other. Triggers rather than code: no write path can forget the bump (a new
/// resource file touches the dataset without reindexing it, and still changes the ranking).
/// `token` is random per row, so two databases holding the same municipality never share a snapshot.
struct AddSearchVersions: AsyncMigration {
    var name: String { "catalog.0009.search_versions" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        try await sql.create(table: SearchSnapshots.versionsTable)
            .column("municipality_id", type: .custom(SQLRaw(uuidType(database))), .primaryKey(autoIncrement: false))
            .column("token", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await Self.createTriggers(on: sql, logChanges: false)
    }

    /// The triggers that raise the version; with `logChanges` (catalog.0010) each raise also records
    /// the dataset in `catalog_search_changes` under the new version.
    static func createTriggers(on sql: any SQLDatabase, logChanges: Bool) async throws {
        if sql.dialect.name == "postgresql" {
            let log = logChanges ? """
                    INSERT INTO catalog_search_changes (municipality_id, version, dataset_id) VALUES (m, v, d);
                """ : ""
            try await sql.raw(SQLQueryString("""
                CREATE OR REPLACE FUNCTION catalog_search_bump() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE m uuid; d uuid; v bigint;
                BEGIN
                  IF TG_OP = 'DELETE' THEN m := OLD.municipality_id; d := OLD.id; ELSE m := NEW.municipality_id; d := NEW.id; END IF;
                  IF (TG_OP <> 'INSERT' AND OLD.state = 'published') OR (TG_OP <> 'DELETE' AND NEW.state = 'published') THEN
                    INSERT INTO catalog_search_versions (municipality_id, token, version)
                      VALUES (m, md5(random()::text || clock_timestamp()::text), 1)
                      ON CONFLICT (municipality_id) DO UPDATE SET version = catalog_search_versions.version + 1
                      RETURNING version INTO v;
                \(unsafeRaw: log)  END IF;
                  RETURN NULL;
                END $$
                """)).run()
            try await sql.raw("DROP TRIGGER IF EXISTS catalog_search_bump ON catalog_datasets").run()
            try await sql.raw("""
                CREATE TRIGGER catalog_search_bump AFTER INSERT OR UPDATE OR DELETE ON catalog_datasets
                FOR EACH ROW EXECUTE FUNCTION catalog_search_bump()
                """).run()
        } else {
            let upsert = { (row: String) in
                """
                INSERT INTO catalog_search_versions (municipality_id, token, version)
                  VALUES (\(row).municipality_id, lower(hex(randomblob(16))), 1)
                  ON CONFLICT (municipality_id) DO UPDATE SET version = version + 1;
                """ + (logChanges ? """
                INSERT INTO catalog_search_changes (municipality_id, version, dataset_id)
                  SELECT municipality_id, version, \(row).id FROM catalog_search_versions WHERE municipality_id = \(row).municipality_id;
                """ : "")
            }
            try await sql.raw(SQLQueryString("CREATE TRIGGER catalog_search_bump_insert AFTER INSERT ON catalog_datasets WHEN NEW.state = 'published' BEGIN \(unsafeRaw: upsert("NEW")) END")).run()
            try await sql.raw(SQLQueryString("CREATE TRIGGER catalog_search_bump_update AFTER UPDATE ON catalog_datasets WHEN NEW.state = 'published' OR OLD.state = 'published' BEGIN \(unsafeRaw: upsert("NEW")) END")).run()
            try await sql.raw(SQLQueryString("CREATE TRIGGER catalog_search_bump_delete AFTER DELETE ON catalog_datasets WHEN OLD.state = 'published' BEGIN \(unsafeRaw: upsert("OLD")) END")).run()
        }
    }

    /// Drops SQLite's three triggers (PostgreSQL's function and trigger are replaced by `createTriggers`).
    static func dropSQLiteTriggers(on sql: any SQLDatabase) async throws {
        for suffix in ["insert", "update", "delete"] {
            try await sql.raw(SQLQueryString("DROP TRIGGER catalog_search_bump_\(unsafeRaw: suffix)")).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql(for: "the catalogue")
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER catalog_search_bump ON catalog_datasets").run()
            try await sql.raw("DROP FUNCTION catalog_search_bump()").run()
        } else {
            try await Self.dropSQLiteTriggers(on: sql)
        }
        try await sql.drop(table: SearchSnapshots.versionsTable).run()
    }
}
