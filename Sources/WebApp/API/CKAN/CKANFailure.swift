import Foundation

/// A failure with CKAN's error type.
struct CKANFailure: Error {
    let kind: CKANResponse.Kind
    let message: String
    var fields: [String: [String]] = [:]

    static func notFound(_ what: String) -> CKANFailure { CKANFailure(kind: .notFound, message: "Not found: \(what)") }
    static func missing(_ field: String) -> CKANFailure { CKANFailure(kind: .validation, message: "Missing value", fields: [field: ["Missing value"]]) }
    static func forbidden(_ why: String) -> CKANFailure { CKANFailure(kind: .authorization, message: "Access denied: \(why)") }
}

