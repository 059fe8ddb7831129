import MadoguchiCore

/// Validates one step (or the whole form before submission): every shown field is normalised,
/// hidden fields are dropped, and every problem is reported at once.
public enum FormStepValidator {
    public struct Outcome: Sendable, Equatable {
        public var values: [String: String]
        public var problems: [FieldProblem]
    }

    /// `input` holds the raw values of this step; `earlier` the normalised values of earlier steps
    /// (show-conditions may read them). A file field's value is its attachment reference (the file
    /// itself was checked by `UploadCheck` when it was uploaded).
    public static func validate(_ step: FormStep, input: [String: String], earlier: [String: String], today: CivilDate) -> Outcome {
        var values = earlier
        var problems: [FieldProblem] = []
        for field in step.fields {
            // What is already normalised wins over what was typed (as `values.merging(input)` would, without building it per field).
            guard field.isShown({ values[$0] ?? input[$0] }) else { values[field.id] = nil; continue }
            switch FieldValueValidator.normalize(input[field.id] ?? "", for: field, today: today) {
            case .success(let value): values[field.id] = value.isEmpty ? nil : value
            case .failure(let problem): problems.append(problem)
            }
        }
        return Outcome(values: values, problems: problems)
    }

    /// The whole form: what the 確認画面 shows and what a submission stores.
    public static func validate(_ form: FormDefinition, values: [String: String], today: CivilDate) -> Outcome {
        var kept: [String: String] = [:]
        var problems: [FieldProblem] = []
        for step in form.steps {
            let outcome = validate(step, input: values, earlier: kept, today: today)
            kept = outcome.values
            problems += outcome.problems
        }
        return Outcome(values: kept, problems: problems)
    }
}
