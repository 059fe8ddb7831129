/// A problem in a rule file, with the file and line a maintainer must open.
public struct RuleFileProblem: Sendable, Hashable, CustomStringConvertible {
    /// Path relative to the rules folder, e.g. `life-events/death.json`.
    public let file: String
    public let line: Int
    public let message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// Thrown by `LifeEventCatalog.load()` when the rule files are malformed, so the server refuses to
/// start instead of giving residents a wrong checklist. Lists every problem found, not just the first.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public let problems: [RuleFileProblem]

    public var description: String {
        "rule files are invalid (\(problems.count) problem(s)):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
