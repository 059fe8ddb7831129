import Forms
import MadoguchiCore
import Vapor

extension FormsController {
    /// `go=next`: checks this step; problems (with those of its uploads first) keep it on screen,
    /// otherwise the next step or, after the last, the 確認画面 with the normalised values.
    func next(_ req: Request, _ input: FormStepInput) async throws -> Response {
        let context = req.pageContext(forms: true)
        let form = input.form, index = input.stepIndex
        guard index < form.steps.count else {
            return FormsPage.confirm(input.model(index), context: context).response()
        }
        let outcome = FormStepValidator.validate(form.steps[index], input: input.values, earlier: input.values, today: CivilDate.today())
        let problems = input.uploadProblems + outcome.problems.filter { p in !input.uploadProblems.contains { $0.field == p.field } }
        guard problems.isEmpty else {
            return FormsPage.step(input.model(index, nil, problems), context: context).response(status: .unprocessableEntity)
        }
        let merged = input.values.merging(outcome.values) { _, normalized in normalized }
        if index + 1 < form.steps.count {
            return FormsPage.step(input.model(index + 1, merged), context: context).response()
        }
        return FormsPage.confirm(input.model(form.steps.count, merged), context: context).response()
    }
}
