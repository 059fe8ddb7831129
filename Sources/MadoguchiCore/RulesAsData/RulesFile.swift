import Foundation

/// One rules-as-data JSON file read for loading: its bytes, its name and the line map that lets
/// decoding errors and later checks point at the line of the offending object. Counter's rule
/// files and Forms' form definitions both load through it.
public struct RulesFile: Sendable {
    public let name: String
    public let lines: JSONLineMap
    public let data: Data

    /// Reads the text's lines; a JSON syntax error is a problem on its line, with the column.
    public init(name: String, data: Data) throws(RulesFileProblem) {
        self.name = name
        self.data = data
        do {
            lines = try JSONLineMap(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw RulesFileProblem(file: name, line: error.line, message: "JSON syntax error at column \(error.column): \(error.reason)")
        }
    }

    /// A problem on the line of the value at `path` (or of its nearest written ancestor).
    public func problem(at path: String, _ message: String) -> RulesFileProblem {
        RulesFileProblem(file: name, line: lines.line(for: path), message: message)
    }

    /// Decodes `T`, turning a `DecodingError` into a problem on the line of the offending key.
    public func decode<T: Decodable>(_ type: T.Type) throws(RulesFileProblem) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (path, message) = Self.explain(error)
            throw problem(at: path, message)
        } catch {
            throw problem(at: "", "cannot read: \(error)")
        }
    }

    private static func explain(_ error: DecodingError) -> (path: String, message: String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (JSONPath.string(context.codingPath), "missing key \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            return (JSONPath.string(context.codingPath), "wrong type at \"\(JSONPath.string(context.codingPath))\": expected \(type)")
        case .valueNotFound(let type, let context):
            return (JSONPath.string(context.codingPath), "missing value at \"\(JSONPath.string(context.codingPath))\": expected \(type)")
        case .dataCorrupted(let context):
            return (JSONPath.string(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }
}
