import MadoguchiCore

/// Thrown by `LifeEventCatalog.load()` when the rule files are malformed, so the server refuses to
/// start instead of giving residents a wrong checklist. Lists every problem found, not just the
/// first, each as `file:line: problem` (`RulesFileProblem`, shared with Forms' form files).
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public let problems: [RulesFileProblem]

    public var description: String {
        "rule files are invalid (\(problems.count) problem(s)):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
