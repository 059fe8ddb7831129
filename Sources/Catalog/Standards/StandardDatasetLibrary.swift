import Foundation
import MadoguchiCore

/// The national standard datasets (自治体標準オープンデータセット) whose schemas ship with the module
/// as data files in `StandardDatasets/`, so adding or correcting a layout needs no code change.
public struct StandardDatasetLibrary: Sendable {
    /// Schemas in the order of `index.json`.
    public let schemas: [TableSchema]

    /// Why the shipped schema files could not be read; a packaging mistake, never user input.
    public struct LoadFailure: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "standard dataset schema \(file): \(reason)" }
    }

    public init(schemas: [TableSchema]) { self.schemas = schemas }

    /// Loads every schema listed in `index.json` from the module bundle.
    public static func bundled() throws -> StandardDatasetLibrary {
        try load(from: { name in Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "StandardDatasets") })
    }

    /// The bundled library, loaded once; a failure here is a build defect, so it traps.
    public static let shared: StandardDatasetLibrary = {
        do { return try bundled() } catch { fatalError("\(error)") }
    }()

    static func load(from locate: (String) -> URL?) throws -> StandardDatasetLibrary {
        struct Index: Decodable { let schemas: [String] }
        guard let indexURL = locate("index") else { throw LoadFailure(file: "index.json", reason: "missing from the bundle") }
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: indexURL))
        var schemas: [TableSchema] = []
        for name in index.schemas {
            guard let url = locate(name) else { throw LoadFailure(file: "\(name).json", reason: "missing from the bundle") }
            let schema = try JSONDecoder().decode(TableSchema.self, from: Data(contentsOf: url))
            guard schema.name == name else { throw LoadFailure(file: "\(name).json", reason: "its name is \(schema.name)") }
            guard Set(schema.columnNames).count == schema.fields.count else {
                throw LoadFailure(file: "\(name).json", reason: "duplicate column names")
            }
            schemas.append(schema)
        }
        return StandardDatasetLibrary(schemas: schemas)
    }

    /// The schema with this slug (`aed`) or Japanese title (`AED設置箇所一覧`).
    public func schema(named key: String) -> TableSchema? {
        schemas.first { $0.name == key || $0.title == key }
    }

    /// The template a department fills in: the header row only, UTF-8 with a BOM and CRLF as the
    /// national templates are, so that spreadsheet software opens it without garbling.
    public static func template(for schema: TableSchema) -> Data {
        Data(CSVWriter.document(header: schema.columnNames, rows: []).utf8)
    }
}
