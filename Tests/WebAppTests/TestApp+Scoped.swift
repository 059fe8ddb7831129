import Foundation

extension TestApp {
    /// Runs `body` against a fresh application and shuts it down however `body` ends, so a failed
    /// `try` fails its own test instead of stopping the whole run (Vapor traps on an app left running).
    static func scoped(extraEnvironment: [String: String] = [:], _ body: (TestApp) async throws -> Void) async throws {
        let test = try await TestApp.make(extraEnvironment: extraEnvironment)
        do {
            try await body(test)
        } catch {
            try? await test.shutdown()
            throw error
        }
        try await test.shutdown()
    }
}
