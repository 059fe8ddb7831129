import Foundation
import MadoguchiCore

/// The forms shipped in `FormFiles/`, checked at load: duplicate ids, show-conditions naming an
/// unknown or later field, choice fields without choices, My Number fields not marked as such.
/// Files load through `RulesFile`, so every problem is `file:line: problem` on the offending object.
public struct FormCatalog: Sendable {
    public let forms: [FormDefinition]

    /// Every problem found in the form files, not just the first.
    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public let problems: [RulesFileProblem]
        public var description: String { "form files are invalid:\n" + problems.map { "  " + $0.description }.joined(separator: "\n") }
    }

    public func form(_ id: String) -> FormDefinition? { forms.first { $0.id == id } }
    public func form(forProcedure id: String) -> FormDefinition? { forms.first { $0.procedureID == id } }
    /// Procedure id → form id, for linking checklists to online applications.
    public var byProcedure: [String: String] { Dictionary(forms.map { ($0.procedureID, $0.id) }, uniquingKeysWith: { first, _ in first }) }

    public static func load() throws -> FormCatalog {
        try load(files: shippedFiles())
    }

    /// The shipped `FormFiles/*.json`, by file name in name order.
    public static func shippedFiles() throws -> [(name: String, data: Data)] {
        guard let folder = Bundle.module.url(forResource: "FormFiles", withExtension: nil) else {
            throw LoadError(problems: [RulesFileProblem(file: "FormFiles", line: 0, message: "FormFiles folder missing from the bundle")])
        }
        let names = (try FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// Loads form definitions, one per file; throws `LoadError` naming file and line.
    public static func load(files: [(name: String, data: Data)]) throws(LoadError) -> FormCatalog {
        var loaded: [(file: RulesFile, form: FormDefinition)] = []
        var problems: [RulesFileProblem] = []
        for (name, data) in files {
            do {
                let file = try RulesFile(name: name, data: data)
                loaded.append((file, try file.decode(FormDefinition.self)))
            } catch {
                problems.append(error)
            }
        }
        var seenForms: Set<String> = []
        for (file, form) in loaded {
            if !seenForms.insert(form.id).inserted { problems.append(file.problem(at: "id", "\(form.id): duplicate form id")) }
            problems += FormDefinitionChecks.problems(of: form, in: file)
        }
        if !problems.isEmpty { throw LoadError(problems: problems) }
        return FormCatalog(forms: loaded.map(\.form))
    }
}
