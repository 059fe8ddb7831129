import Vapor

extension FormsController {
    /// `go=back`: the previous step with everything typed so far, unchecked.
    func back(_ req: Request, _ input: FormStepInput) -> Response {
        FormsPage.step(input.model(max(0, input.stepIndex - 1), nil), context: req.pageContext(forms: true)).response()
    }
}
