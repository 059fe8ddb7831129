import Foundation

/// The forms shipped in `FormFiles/`, checked at load: duplicate ids, show-conditions naming an
/// unknown or later field, choice fields without choices, My Number fields not marked as such.
public struct FormCatalog: Sendable {
    public let forms: [FormDefinition]

    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public let problems: [String]
        public var description: String { "form files are invalid:\n" + problems.map { "  " + $0 }.joined(separator: "\n") }
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
            throw LoadError(problems: ["FormFiles folder missing from the bundle"])
        }
        let names = (try FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    public static func load(files: [(name: String, data: Data)]) throws -> FormCatalog {
        var forms: [FormDefinition] = []
        var problems: [String] = []
        for (name, data) in files {
            do { forms.append(try JSONDecoder().decode(FormDefinition.self, from: data)) }
            catch { problems.append("\(name): \(error)") }
        }
        var seenForms: Set<String> = []
        for form in forms {
            if !seenForms.insert(form.id).inserted { problems.append("\(form.id): duplicate form id") }
            var seen: Set<String> = []
            for field in form.fields {
                if !seen.insert(field.id).inserted { problems.append("\(form.id).\(field.id): duplicate field id") }
                if let condition = field.showIf, !seen.contains(condition.field) || condition.field == field.id {
                    problems.append("\(form.id).\(field.id): showIf names \(condition.field), which is not an earlier field")
                }
                if field.type == .choice, field.choices.isEmpty { problems.append("\(form.id).\(field.id): a choice field needs choices") }
                if field.type == .file, field.maxBytes <= 0 || field.maxBytes > 20 * 1024 * 1024 {
                    problems.append("\(form.id).\(field.id): file size limit must be 1 byte–20 MB")
                }
            }
            if form.identityLevel == .myNumberCard { problems.append("\(form.id): my_number_card identity is not available yet") }
        }
        if !problems.isEmpty { throw LoadError(problems: problems) }
        return FormCatalog(forms: forms)
    }
}
