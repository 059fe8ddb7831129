import FluentKit
import SQLKit

/// Raw-SQL tables use the same UUID column type Fluent uses, so joins compare like with like.
func uuidType(_ database: any Database) -> String {
    (database as? any SQLDatabase)?.dialect.name == "postgresql" ? "UUID" : "BLOB"
}

func sql(_ database: any Database) -> any SQLDatabase {
    guard let sql = database as? any SQLDatabase else { fatalError("the catalogue needs an SQL database") }
    return sql
}
