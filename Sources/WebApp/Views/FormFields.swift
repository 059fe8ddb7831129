import MadoguchiCore
import Plot

/// Labelled form controls: every control has a visible label, errors are tied to it with
/// aria-describedby, and the value typed is kept when the form comes back with a problem.
enum FormFields {
    static func text(_ name: String, label: String, value: String = "", type: HTMLInputType = .text,
                     problem: FieldProblem? = nil, context: PageContext, autocomplete: String? = nil,
                     required: Bool = true) -> Node<HTML.FormContext> {
        let errorID = "\(name)-error"
        return .div(.class(problem == nil ? "field" : "field has-problem"),
                    .label(.for(name), .text(label)),
                    .unwrap(problem) { p in .p(.id(errorID), .class("field-problem"), .text(context.t(p.message))) },
                    .selfClosedElement(named: "input", attributes: [
                        .type(type), .id(name), .name(name), .value(type == .password ? "" : value), .required(required),
                        .attribute(named: "autocomplete", value: autocomplete),
                        .attribute(named: "aria-invalid", value: problem == nil ? nil : "true"),
                        .attribute(named: "aria-describedby", value: problem == nil ? nil : errorID),
                    ] as [Attribute<HTML.InputContext>]))
    }

    /// `<option value="…">label</option>`, with its text as content so every browser shows it.
    static func option(value: String, label: String, selected: Bool = false) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
            .attribute(named: "selected", value: selected ? "selected" : nil),
            .text(label),
        ])
    }

    /// A submit button that sends `go=<go>` (next, back, unknown, print, submit) for multi-step
    /// forms; secondary buttons skip the browser's own validation so 「戻る」 always works.
    static func goButton(_ go: String, _ label: String, primary: Bool) -> Node<HTML.FormContext> {
        .element(named: "button", nodes: [
            .attribute(named: "type", value: "submit"), .attribute(named: "name", value: "go"), .attribute(named: "value", value: go),
            .attribute(named: "class", value: primary ? nil : "secondary"),
            .attribute(named: "formnovalidate", value: primary ? nil : "formnovalidate"),
            .text(label),
        ])
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .button(.type(.submit), .text(label))
    }
}
