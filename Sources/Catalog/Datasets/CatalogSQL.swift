import FluentKit
import MadoguchiCore
import SQLKit

/// Raw-SQL tables use the same UUID column type Fluent uses, so joins compare like with like.
func uuidType(_ database: any Database) -> String {
    (try? database.sql(for: "the catalogue"))?.dialect.name == "postgresql" ? "UUID" : "BLOB"
}
