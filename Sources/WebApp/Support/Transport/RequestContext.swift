import MadoguchiCore
import Vapor

/// What a request carries once the middleware has run: its municipality, its signed-in staff
/// member, and the interface language.
extension Request {
    private struct MunicipalityKey: StorageKey { typealias Value = Municipality }
    private struct StaffKey: StorageKey { typealias Value = Staff }

    /// The municipality named in the path (`/132152/…`); set by `TenantMiddleware`.
    var municipality: Municipality {
        get throws {
            guard let m = storage[MunicipalityKey.self] else { throw WebError.unknownMunicipality }
            return m
        }
    }

    func setMunicipality(_ municipality: Municipality) { storage[MunicipalityKey.self] = municipality }

    /// The signed-in staff member, if any; set by `StaffAuthMiddleware`.
    var staff: Staff? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    func requireStaff() throws -> Staff {
        guard let staff else { throw Abort(.unauthorized) }
        return staff
    }

    /// `?lang=en` switches to English for this and later pages (remembered in a cookie).
    var language: UILanguage {
        if let query = try? query.get(String.self, at: "lang"), let lang = UILanguage(rawValue: query) { return lang }
        if let cookie = cookies["lang"]?.string, let lang = UILanguage(rawValue: cookie) { return lang }
        return .ja
    }

    /// Where the request came from, for audit entries.
    var origin: RequestOrigin {
        RequestOrigin(ipAddress: clientAddress, requestID: requestID)
    }

    /// Set by `RequestIDMiddleware` (never Vapor's `id`, which is the caller's raw header).
    var requestID: String { storage[RequestIDKey.self] ?? "unset" }
}

struct RequestIDKey: StorageKey { typealias Value = String }
