extension Configuration {
    /// What one client may hold of the server: a connection that sends or receives nothing for
    /// `idleTimeoutSeconds` is closed (a client that opened a connection and sends its headers slowly, or
    /// not at all, loses it), and at most `maxConcurrentRequests` requests are worked on at once; beyond
    /// that the server answers 503 with `Retry-After` at once instead of queueing without bound.
    public struct Connections: Sendable, Equatable {
        /// `MADOGUCHI_IDLE_TIMEOUT_SECONDS`, 1–300; 30.
        public var idleTimeoutSeconds = 30
        /// `MADOGUCHI_MAX_CONCURRENT_REQUESTS`, 16–100000; 2048.
        public var maxConcurrentRequests = 2048

        public init() {}

        static func resolve(_ env: [String: String]) throws(Problem) -> Connections {
            var connections = Connections()
            if let text = env["MADOGUCHI_IDLE_TIMEOUT_SECONDS"], !text.isEmpty {
                guard let seconds = Int(text), (1...300).contains(seconds) else {
                    throw Problem(setting: "MADOGUCHI_IDLE_TIMEOUT_SECONDS", message: "'\(text)' is not a number of seconds 1–300")
                }
                connections.idleTimeoutSeconds = seconds
            }
            if let text = env["MADOGUCHI_MAX_CONCURRENT_REQUESTS"], !text.isEmpty {
                guard let count = Int(text), (16...100_000).contains(count) else {
                    throw Problem(setting: "MADOGUCHI_MAX_CONCURRENT_REQUESTS", message: "'\(text)' is not a number 16–100000")
                }
                connections.maxConcurrentRequests = count
            }
            return connections
        }
    }
}
