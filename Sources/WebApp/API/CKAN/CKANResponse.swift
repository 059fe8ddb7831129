import Foundation
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
            case .validation, .searchQuery, .searchError: return self == .validation ? .conflict : .badRequest
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
        for item in URLComponents(string: req.url.string)?.queryItems ?? [] { values[item.name] = item.value ?? "" }
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
        return CKANParams(values: values)
    }

    func string(_ key: String) -> String? {
        switch values[key] {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    func int(_ key: String) throws -> Int? {
        guard let value = values[key] else { return nil }
        if let n = value as? NSNumber { return n.intValue }
        if let s = value as? String, let n = Int(s) { return n }
        throw CKANParamError.notAnInteger(key)
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
    case notAnInteger(String)
}
