import Foundation
import MadoguchiCore
import Vapor

/// CKAN's JSON envelope: `{"help", "success": true, "result"}` or `{"help", "success": false,
/// "error": {"__type", "message", <field>: [messages]}}` with CKAN's statuses.
enum CKANResponse {
    struct Envelope<T: Encodable>: Encodable {
        let help: String
        let success: Bool
        let result: T
    }

    static func success(_ result: some Encodable, action: String, base: String) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return response(.ok, try encoder.encode(Envelope(help: help(action, base), success: true, result: result)))
    }

    enum Kind: String {
        case validation = "Validation Error"
        case authorization = "Authorization Error"
        case notFound = "Not Found Error"
        case searchQuery = "Search Query Error"
        case searchError = "Search Error"

        var status: HTTPResponseStatus {
            switch self {
            case .validation, .searchError: return .conflict
            case .searchQuery: return .badRequest
            case .authorization: return .forbidden
            case .notFound: return .notFound
            }
        }
    }

    static func error(_ kind: Kind, _ message: String, fields: [String: [String]] = [:], action: String, base: String) -> Response {
        var error: [String: Any] = ["__type": kind.rawValue, "message": message]
        for (field, messages) in fields { error[field] = messages }
        let body: [String: Any] = ["help": help(action, base), "success": false, "error": error]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return response(kind.status, data)
    }

    private static func help(_ action: String, _ base: String) -> String { "\(base)/api/3/action/help_show?name=\(action)" }

    private static func response(_ status: HTTPResponseStatus, _ data: Data) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

/// An action's parameters, from the query string (GET), a JSON object or a form (POST).
struct CKANParams {
    var values: [String: Any]

    static func read(_ req: Request) throws -> CKANParams {
        var values: [String: Any] = [:]
        for (name, value) in queryItems(req.url.query ?? "") { values[name] = value }
        if req.method == .POST, let body = req.body.data, body.readableBytes > 0 {
            if req.headers.contentType?.subType == "json" {
                guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
                    throw CKANParamError.badJSON
                }
                values.merge(object) { _, new in new }
            } else if req.headers.contentType == .urlEncodedForm, let form = try? req.content.decode([String: String].self) {
                values.merge(form) { _, new in new }
            }
        }
        for (name, value) in values { try checkText(value, name: name, depth: 0) }
        return CKANParams(values: values)
    }

    /// Query-string pairs decoded as CKAN (and HTML forms) do: `+` is a space, then percent-escapes.
    static func queryItems(_ query: String) -> [(String, String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// No parameter may hold control characters (a NUL byte is refused by PostgreSQL), and JSON
    /// may nest only as deep as CKAN's own shapes (extras, resources, tags).
    private static func checkText(_ value: Any, name: String, depth: Int) throws {
        guard depth < 4 else {
            throw ParameterError(parameter: name, ja: "\(name) の入れ子が深すぎます", en: "\(name): nested too deeply")
        }
        switch value {
        case let text as String:
            if text.unicodeScalars.contains(where: { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0x7F }) {
                throw ParameterError(parameter: name, ja: "\(name) に制御文字は使えません", en: "\(name): control characters are not allowed")
            }
        case let list as [Any]: for item in list { try checkText(item, name: name, depth: depth + 1) }
        case let object as [String: Any]: for (_, item) in object { try checkText(item, name: name, depth: depth + 1) }
        default: break
        }
    }

    /// A checked integer parameter (absent: nil).
    func integer(_ parameter: IntegerParameter) throws(ParameterError) -> Int? { try parameter.parse(values[parameter.name]) }

    /// A checked integer parameter with its default.
    func integer(_ parameter: IntegerParameter, default value: Int) throws(ParameterError) -> Int {
        try parameter.parse(values[parameter.name], default: value)
    }

    /// A bounded text parameter (absent: nil).
    func text(_ parameter: TextParameter) throws(ParameterError) -> String? { try parameter.parse(values[parameter.name]) }

    func string(_ key: String) -> String? {
        switch values[key] {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch values[key] {
        case let b as Bool: return b
        case let s as String: return ["true", "1", "yes", "True"].contains(s) ? true : ["false", "0", "no", "False"].contains(s) ? false : nil
        case let n as NSNumber: return n.boolValue
        default: return nil
        }
    }

    /// A list given as JSON objects with `name` (tags, groups), plain strings, or comma-separated text.
    func names(_ key: String) -> [String]? {
        switch values[key] {
        case let list as [[String: Any]]: return list.compactMap { $0["name"] as? String }
        case let list as [String]: return list
        case let text as String: return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return nil
        }
    }

    /// `extras` as key → value.
    var extras: [String: String] {
        guard let list = values["extras"] as? [[String: Any]] else { return [:] }
        return Dictionary(list.compactMap { item in (item["key"] as? String).map { ($0, item["value"] as? String ?? "") } }, uniquingKeysWith: { _, b in b })
    }
}

enum CKANParamError: Error {
    case badJSON
    /// The body is beyond the action's limit (in bytes).
    case tooLarge(Int)
}
