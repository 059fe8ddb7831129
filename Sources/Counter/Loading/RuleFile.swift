import Foundation

/// One rule file read from disk: its text decoded, plus the line map that lets later checks point
/// at a line.
struct RuleFile {
    let name: String
    let lines: JSONLineMap
    let data: Data

    init(name: String, data: Data) throws(RuleLoadError) {
        self.name = name
        self.data = data
        do {
            lines = try JSONLineMap(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw RuleLoadError(problems: [RuleFileProblem(
                file: name, line: error.line, message: "JSON syntax error at column \(error.column): \(error.reason)")])
        }
    }

    func problem(at path: String, _ message: String) -> RuleFileProblem {
        RuleFileProblem(file: name, line: lines.line(for: path), message: message)
    }

    /// Decodes `T`, turning a `DecodingError` into a problem on the line of the offending key.
    func decode<T: Decodable>(_ type: T.Type) throws(RuleLoadError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (path, message) = Self.explain(error)
            throw RuleLoadError(problems: [problem(at: path, message)])
        } catch {
            throw RuleLoadError(problems: [problem(at: "", "cannot read: \(error)")])
        }
    }

    private static func explain(_ error: DecodingError) -> (String, String) {
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
