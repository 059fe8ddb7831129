import Foundation
import MadoguchiCore

/// The procedure inventory (手続の棚卸し), the counters, and the life events, loaded from the rule
/// files and validated as a whole. Immutable once loaded; load it at start-up and share it.
public struct LifeEventCatalog: Sendable {
    /// Every procedure the city handles, in file order.
    public let procedures: [Procedure]
    public let counters: [ServiceCounter]
    public let lifeEvents: [LifeEvent]

    private let proceduresByID: [String: Procedure]
    private let countersByID: [String: ServiceCounter]

    init(procedures: [Procedure], counters: [ServiceCounter], lifeEvents: [LifeEvent]) {
        self.procedures = procedures
        self.counters = counters
        self.lifeEvents = lifeEvents
        proceduresByID = Dictionary(procedures.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        countersByID = Dictionary(counters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads the rules shipped with the module. Throws `RuleLoadError` naming file and line.
    public static func load(procedureOverrides: [String: String] = [:]) throws(RuleLoadError) -> LifeEventCatalog {
        guard let url = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            throw RuleLoadError(problems: [RulesFileProblem(file: "Rules", line: 0, message: "rules folder missing from the bundle")])
        }
        return try load(from: url, procedureOverrides: procedureOverrides)
    }

    /// The file name an override is reported under (`overrides/<id>.json`, lines as typed).
    public static func overrideFileName(_ procedureID: String) -> String { "overrides/\(procedureID).json" }

    /// Loads rules from a folder laid out as `counters.json`, `procedures/*.json`,
    /// `life-events/*.json` (a city may override the shipped rules with its own folder).
    ///
    /// `procedureOverrides` maps a procedure id to the JSON of one procedure object that replaces
    /// the shipped one (a city's edit through the inventory screen); the whole set is validated
    /// together, so an edit that breaks a life event is refused with its line.
    public static func load(from directory: URL, procedureOverrides: [String: String] = [:]) throws(RuleLoadError) -> LifeEventCatalog {
        var problems: [RulesFileProblem] = []
        var counterFiles: [RulesFile] = [], procedureFiles: [RulesFile] = [], eventFiles: [RulesFile] = []
        for name in jsonFiles(under: directory) {
            do {
                let file = try RulesFile(name: name, data: try Data(contentsOf: directory.appendingPathComponent(name)))
                if name == "counters.json" { counterFiles.append(file) }
                else if name.hasPrefix("procedures/") { procedureFiles.append(file) }
                else if name.hasPrefix("life-events/") { eventFiles.append(file) }
                else { problems.append(RulesFileProblem(file: name, line: 1, message: "unexpected rule file (expected counters.json, procedures/*.json or life-events/*.json)")) }
            } catch let problem as RulesFileProblem {
                problems.append(problem)
            } catch {
                problems.append(RulesFileProblem(file: name, line: 0, message: "cannot read: \(error.localizedDescription)"))
            }
        }
        var validator = CatalogValidator()
        for file in counterFiles { validator.readCounters(file) }
        for file in procedureFiles { validator.readProcedures(file) }
        validator.procedures.removeAll { procedureOverrides[$0.value.id] != nil }
        for (id, text) in procedureOverrides.sorted(by: { $0.key < $1.key }) {
            let name = overrideFileName(id)
            do {
                // Same first line as the text, so line numbers in problems match what was typed.
                let file = try RulesFile(name: name, data: Data(("{\"procedures\": [" + text + "\n]}").utf8))
                let before = validator.procedures.count
                validator.readProcedures(file)
                for located in validator.procedures[before...] where located.value.id != id {
                    problems.append(RulesFileProblem(file: name, line: 1, message: "the id must stay \"\(id)\" (found \"\(located.value.id)\")"))
                }
                if validator.procedures.count - before != 1, validator.problems.isEmpty {
                    problems.append(RulesFileProblem(file: name, line: 1, message: "expected exactly one procedure object"))
                }
            } catch {
                problems.append(error)
            }
        }
        for file in eventFiles { validator.readLifeEvent(file) }
        if counterFiles.isEmpty { problems.append(RulesFileProblem(file: "counters.json", line: 0, message: "file missing")) }
        validator.validate()
        problems += validator.problems
        if !problems.isEmpty { throw RuleLoadError(problems: problems) }
        return LifeEventCatalog(procedures: validator.procedures.map(\.value), counters: validator.counters.map(\.value),
                                lifeEvents: validator.lifeEvents.map(\.value))
    }

    private static func jsonFiles(under directory: URL) -> [String] {
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    public func procedure(_ id: String) -> Procedure? { proceduresByID[id] }
    public func counter(_ id: String) -> ServiceCounter? { countersByID[id] }

    /// The life event for an API path segment, or a not-found error naming the known ones.
    public func lifeEvent(_ id: String) throws(CounterError) -> LifeEvent {
        guard let event = lifeEvents.first(where: { $0.id == id }) else {
            throw CounterError.unknownLifeEvent(id, known: lifeEvents.map(\.id))
        }
        return event
    }
}

/// `counters.json`.
struct CounterFile: Decodable { let counters: [ServiceCounter] }
/// `procedures/*.json`.
struct ProcedureFile: Decodable { let procedures: [Procedure] }
