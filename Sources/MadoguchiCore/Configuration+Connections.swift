extension Configuration {
    /// What one client may hold of the server.
    ///
    /// - A connection that sends or receives nothing for `idleTimeoutSeconds` is closed.
    /// - A request whose head (request line and headers) is not complete `headerTimeoutSeconds` after
    ///   its first byte is closed: a client that sends its headers slowly (slow loris) loses its
    ///   connection however steadily it trickles.
    /// - At most `maxConnections` connections are open at once, and at most `maxConnectionsPerClient`
    ///   from one client address (one IPv6 /64; a trusted proxy is not counted as a client); beyond
    ///   that a new connection gets 503 with `Retry-After` and is closed.
    /// - At most `maxConcurrentRequests` requests are worked on at once; beyond that the server answers
    ///   503 with `Retry-After` at once instead of queueing without bound.
    public struct Connections: Sendable, Equatable {
        /// `MADOGUCHI_IDLE_TIMEOUT_SECONDS`, 1–300; 30.
        public var idleTimeoutSeconds = 30
        /// `MADOGUCHI_HEADER_TIMEOUT_SECONDS`, 1–300; 10.
        public var headerTimeoutSeconds = 10
        /// `MADOGUCHI_MAX_CONNECTIONS`, 16–1000000; 10000 (lowered at start-up to what the process's
        /// open-file limit allows: each connection may hold three descriptors).
        public var maxConnections = 10_000
        /// `MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT`, 1–1000000; 256 (mobile carriers put many residents
        /// behind one address).
        public var maxConnectionsPerClient = 256
        /// `MADOGUCHI_MAX_CONCURRENT_REQUESTS`, 16–100000; 2048.
        public var maxConcurrentRequests = 2048

        public init() {}

        static func resolve(_ env: [String: String]) throws(Problem) -> Connections {
            var connections = Connections()
            if let value = try Configuration.integer(env, "MADOGUCHI_IDLE_TIMEOUT_SECONDS", in: 1...300, "number of seconds") { connections.idleTimeoutSeconds = value }
            if let value = try Configuration.integer(env, "MADOGUCHI_HEADER_TIMEOUT_SECONDS", in: 1...300, "number of seconds") { connections.headerTimeoutSeconds = value }
            if let value = try Configuration.integer(env, "MADOGUCHI_MAX_CONNECTIONS", in: 16...1_000_000, "number") { connections.maxConnections = value }
            if let value = try Configuration.integer(env, "MADOGUCHI_MAX_CONNECTIONS_PER_CLIENT", in: 1...1_000_000, "number") { connections.maxConnectionsPerClient = value }
            if let value = try Configuration.integer(env, "MADOGUCHI_MAX_CONCURRENT_REQUESTS", in: 16...100_000, "number") { connections.maxConcurrentRequests = value }
            return connections
        }
    }
}

extension Configuration {
    /// The whole number in setting `name`, nil when it is unset or empty; a value outside `range`
    /// stops start-up naming the setting (`'x' is not a <unit> <low>–<high>`).
    static func integer(_ env: [String: String], _ name: String, in range: ClosedRange<Int>, _ unit: String) throws(Problem) -> Int? {
        guard let text = env[name], !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem(setting: name, message: "'\(text)' is not a \(unit) \(range.lowerBound)–\(range.upperBound)")
        }
        return value
    }
}
