/// An error a person can act on: what went wrong, in Japanese and English, and which field.
///
/// Each module has its own error enum conforming to this; WebApp maps `kind` to an HTTP status
/// in one place.
public protocol UserFacingError: Error {
    var kind: ErrorKind { get }
    var message: LocalizedText { get }
    /// The form field or JSON key at fault, when there is one.
    var field: String? { get }
}

extension UserFacingError {
    public var field: String? { nil }
}

/// What kind of failure, independent of the transport.
public enum ErrorKind: String, Sendable {
    case invalidInput, notFound, forbidden, conflict, tooLarge, rateLimited, unauthenticated, internalFailure
    /// The request itself is unusable (a parameter that is not a number or out of its range),
    /// as opposed to a form whose content a person should correct.
    case malformedRequest
}

/// A validation problem on one field, for forms that report several at once.
public struct FieldProblem: Hashable, Sendable, Codable, Error {
    public let field: String
    public let message: LocalizedText
    public init(field: String, message: LocalizedText) { self.field = field; self.message = message }
}

/// The shared error for the platform's own commands (municipalities, staff, login).
public struct CoreError: UserFacingError, Equatable {
    public let kind: ErrorKind
    public let message: LocalizedText
    public let field: String?

    public init(_ kind: ErrorKind, ja: String, en: String, field: String? = nil) {
        self.kind = kind
        self.message = LocalizedText(ja: ja, en: en)
        self.field = field
    }
}
