import Foundation
import FluentKit
import Logging
import NIOConcurrencyHelpers
import MadoguchiCore
import Vapor
import WebApp

/// Creates, runs and shuts down the Vapor application for the commands.
enum ServerRuntime {
    private static let loggingBootstrapped = NIOLockedValueBox(false)

    static func bootstrapLogging(_ configuration: Configuration) {
        loggingBootstrapped.withLockedValue { done in
            guard !done else { return }
            done = true
            let level = configuration.logLevel
            switch configuration.logFormat {
            case .json:
                LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
            case .text:
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
        }
    }

    /// Serves until a signal stops it; Vapor drains in-flight requests on SIGINT and SIGTERM.
    static func run(_ configuration: Configuration, arguments: [String]) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: arguments))
        app.logger.logLevel = configuration.logLevel
        do {
            app.logger.notice("starting Madoguchi", metadata: ["configuration": .string(configuration.description)])
            try await configure(app, configuration: configuration)
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Configures an application (migrations included) for a one-shot command, then shuts it down.
    static func withApplication(_ configuration: Configuration, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["madoguchi"]))
        app.logger.logLevel = configuration.logLevel
        do {
            try await configure(app, configuration: configuration)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Runs `body` with the configured, migrated database.
    static func withDatabase(_ configuration: Configuration, _ body: (any Database) async throws -> Void) async throws {
        try await withApplication(configuration) { app in try await body(app.db) }
    }
}
