import MadoguchiCore
import Plot

/// Labelled form controls: every control has a visible label, errors are tied to it with
/// aria-describedby, and the value typed is kept when the form comes back with a problem.
enum FormFields {
    /// `id` defaults to the field's name; give another where two forms on one page share a name.
    static func text(_ name: String, label: String, value: String = "", type: HTMLInputType = .text,
                     problem: FieldProblem? = nil, context: PageContext, autocomplete: String? = nil,
                     required: Bool = true, id: String? = nil) -> Node<HTML.FormContext> {
        let fieldID = id ?? name
        let errorID = "\(fieldID)-error"
        return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                    .label(.attr("for", fieldID), .text(label)),
                    .unwrap(problem) { p in .p(.attr("id", errorID), .attr("class", "field-problem"), .text(context.t(p.message))) },
                    .selfClosedElement(named: "input", attributes: [
                        .type(type), .attr("id", fieldID), .attr("name", name), .attr("value", type == .password ? "" : value), .required(required),
                        .attr("autocomplete", autocomplete),
                        .attr("aria-invalid", problem == nil ? nil : "true"),
                        .attr("aria-describedby", problem == nil ? nil : errorID),
                    ] as [Attribute<HTML.InputContext>]))
    }

    /// A labelled `<textarea>`, its problem tied to it like `text`'s; the typed value is kept as text.
    static func textArea(_ name: String, label: String, value: String, problem: FieldProblem?, context: PageContext,
                         rows: Int = 4) -> Node<HTML.FormContext> {
        let errorID = "\(name)-error"
        return .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                    .label(.attr("for", name), .text(label)),
                    .unwrap(problem) { p in .p(.attr("id", errorID), .attr("class", "field-problem"), .text(context.t(p.message))) },
                    .textarea(.attr("id", name), .attr("name", name), .attr("rows", String(rows)),
                              .attr("aria-invalid", problem == nil ? nil : "true"),
                              .attr("aria-describedby", problem == nil ? nil : errorID), .text(value)))
    }

    /// `<option value="…">label</option>`, with its text as content so every browser shows it.
    static func option(value: String, label: String, selected: Bool = false) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            .attr("value", value, ignoreIfValueIsEmpty: false),
            .attr("selected", selected ? "selected" : nil),
            .text(label),
        ])
    }

    /// A submit button that sends `go=<go>` (next, back, unknown, print, submit) for multi-step
    /// forms; secondary buttons skip the browser's own validation so 「戻る」 always works.
    static func goButton(_ go: String, _ label: String, primary: Bool) -> Node<HTML.FormContext> {
        .element(named: "button", nodes: [
            .attr("type", "submit"), .attr("name", "go"), .attr("value", go),
            .attr("class", primary ? nil : "secondary"),
            .attr("formnovalidate", primary ? nil : "formnovalidate"),
            .text(label),
        ])
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .button(.type(.submit), .text(label))
    }
}
