import ArgumentParser
import CSystemMemory
import Foundation
import MadoguchiCore
import WebApp

/// `madoguchi serve`: runs the web server until SIGINT/SIGTERM, then drains and stops.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the web server (default 127.0.0.1:8080, embedded SQLite, demo municipality).")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on. Default: $MADOGUCHI_HOST, else 127.0.0.1.")
    var hostname: String?

    @Option(help: "Port to listen on. Default: $MADOGUCHI_PORT, else 8080.")
    var port: String?

    @Option(help: "The site's public address for absolute links (CKAN, DCAT, e-mail), e.g. https://city.example.jp. Default: $MADOGUCHI_PUBLIC_URL, else http://<hostname>:<port>.")
    var publicURL: String?

    @Flag(inversion: .prefixedNo, help: "Load the demo municipality (国立市) when the database is empty. Default: $MADOGUCHI_DEMO, else on.")
    var demo: Bool?

    func run() async throws {
        let configuration = try store.resolve(hostname: hostname, port: port, loadDemo: demo, publicURL: publicURL)
        // Large transient buffers (a search snapshot's build at 100,000 datasets) go back to the system
        // when freed instead of staying in the heap (bench/catalog/README.md, issue 13 item 6).
        madoguchi_pin_mmap_threshold()
        try await ServerRuntime.run(configuration, arguments: ["madoguchi", "serve"])
    }
}

/// `madoguchi migrate`: brings the database schema up to date and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema, then exit.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try store.resolve(loadDemo: false)
        try await ServerRuntime.withDatabase(configuration) { _ in }
        print("database is up to date")
    }
}

extension StoreOptions {
    func resolve(hostname: String? = nil, port: String? = nil, loadDemo: Bool? = nil, publicURL: String? = nil) throws -> Configuration {
        do {
            let configuration = try Configuration.resolve(
                environment: ProcessInfo.processInfo.environment,
                overrides: .init(databaseURL: databaseURL, dataDirectory: dataDir, hostname: hostname, port: port,
                                 logLevel: logLevel, logFormat: logFormat, loadDemo: loadDemo, publicURL: publicURL))
            ServerRuntime.bootstrapLogging(configuration)
            return configuration
        } catch {
            throw ValidationError("configuration: \(error.description)")
        }
    }
}
