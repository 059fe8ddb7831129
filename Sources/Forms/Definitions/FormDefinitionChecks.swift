import MadoguchiCore

/// The checks one form definition must pass beyond decoding, each problem on the line of the
/// offending field (`steps/<i>/fields/<j>` in its file).
enum FormDefinitionChecks {
    static func problems(of form: FormDefinition, in file: RulesFile) -> [RulesFileProblem] {
        var problems: [RulesFileProblem] = []
        var seen: Set<String> = []
        for (i, step) in form.steps.enumerated() {
            for (j, field) in step.fields.enumerated() {
                let path = "steps/\(i)/fields/\(j)"
                func report(_ message: String, at subpath: String = "") {
                    problems.append(file.problem(at: path + subpath, "\(form.id).\(field.id): \(message)"))
                }
                if !seen.insert(field.id).inserted { report("duplicate field id", at: "/id") }
                if let condition = field.showIf, !seen.contains(condition.field) || condition.field == field.id {
                    report("showIf names \(condition.field), which is not an earlier field", at: "/showIf")
                }
                if field.type == .choice, field.choices.isEmpty { report("a choice field needs choices") }
                if field.type == .file, field.maxBytes <= 0 || field.maxBytes > 20 * 1024 * 1024 {
                    report("file size limit must be 1 byte–20 MB", at: "/maxBytes")
                }
            }
        }
        if form.identityLevel == .myNumberCard {
            problems.append(file.problem(at: "identityLevel", "\(form.id): my_number_card identity is not available yet"))
        }
        return problems
    }
}
