import Foundation
import Indicators
import MadoguchiCore
import Plot

/// What the 施策 and 事務事業 editors share: a field of a definition form by kind, the hidden
/// version an edit is based on, and the history of versions with a restore button for each earlier one.
enum DefinitionViews {
    enum Kind {
        case text(required: Bool)
        case textArea(rows: Int)
        case select([(value: String, label: String)])
    }

    static func field(_ name: String, label: LocalizedText, kind: Kind, values: [String: String], problem: FieldProblem?,
                      context: PageContext) -> Node<HTML.FormContext> {
        let p = problem?.field == name ? problem : nil
        let value = values[name] ?? ""
        switch kind {
        case .text(let required):
            return FormFields.text(name, label: context.t(label), value: value, problem: p, context: context, required: required)
        case .textArea(let rows):
            return FormFields.textArea(name, label: context.t(label), value: value, problem: p, context: context, rows: rows)
        case .select(let options):
            return StaffIndicatorsPage.select(name, label: context.t(label), problem: p, context: context, options: options, selected: value)
        }
    }

    /// The declared indicators as options, after 「（選ばない）」.
    static func indicatorOptions(_ declarations: [IndicatorDeclaration], context: PageContext) -> [(value: String, label: String)] {
        [("", context.language == .ja ? "（選ばない）" : "(none)")]
            + declarations.map { ($0.id, "\(context.t($0.title))（\(context.t($0.unit.label))）") }
    }

    static func versionField(_ version: Int) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .attr("name", "version"), .attr("value", String(version)))
    }

    /// One version in the history: when, who, what changed, the fields it held, and (for an earlier
    /// one, when the reader may edit) the form that restores it.
    struct HistoryEntry {
        let summary: DefinitionVersionSummary
        let values: [String: String]
    }

    /// `indicators`: the declared indicators, so that a chosen one shows as its title with its id.
    static func history(title: String, entries: [HistoryEntry], fields: [(name: String, label: LocalizedText)], current: Int,
                        restoreBase: String, editHref: String?, names: [UUID: String], indicators: [IndicatorDeclaration],
                        notice: String?, problem: FieldProblem?, context: PageContext) -> HTML {
        let l = context.language
        let titles = Dictionary(indicators.map { ($0.id, context.t($0.title)) }, uniquingKeysWith: { a, _ in a })
        func shown(_ name: String, _ value: String) -> String {
            if name.contains("indicator_"), let title = titles[value] { return "\(title)（\(value)）" }
            return value
        }
        let labels = Dictionary(fields.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        func label(_ name: String) -> String { labels[name].map(context.t) ?? name }
        return Layout.page(
            title: title, context: context,
            Layout.notice(notice),
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .p(.text(l == .ja ? "変更のたびに版が残ります。以前の版に戻すと、その内容が新しい版として保存されます（戻したことも履歴に残ります）。"
                              : "Every change keeps a version. Restoring an earlier version saves its content as a new version (the restore is kept too).")),
            .unwrap(editHref) { .p(.a(.attr("href", $0), .text(l == .ja ? "現在の内容を編集する" : "Edit the current version"))) },
            .if(entries.isEmpty, .p(.text(l == .ja ? "履歴はまだありません。" : "No history yet."))),
            .forEach(entries) { e in
                let s = e.summary
                let who = s.changedBy.flatMap { names[$0] } ?? (l == .ja ? "（システム・記録開始時の内容）" : "(system or the state when history began)")
                return .section(.attr("id", "v\(s.version)"),
                    .h2(.text((l == .ja ? "第\(s.version)版" : "Version \(s.version)") + (s.version == current ? (l == .ja ? "（現在）" : " (current)") : ""))),
                    .p(.text("\(TimeText.minutes(s.changedAt))　\(who)"),
                       .unwrap(s.restores) { .text(l == .ja ? "　第\($0)版に戻した版" : " — restores version \($0)") }),
                    .if(!s.changedFields.isEmpty, .p(.text((l == .ja ? "前の版から変わった項目: " : "Changed from the version before: ")
                                                          + s.changedFields.map(label).joined(separator: l == .ja ? "、" : ", ")))),
                    .element(named: "details", nodes: [
                        .element(named: "summary", nodes: [.text(l == .ja ? "この版の内容" : "What this version holds")]),
                        .dl(.forEach(fields.filter { !(e.values[$0.name] ?? "").isEmpty }) { f in
                            .group(.dt(.text(context.t(f.label))), .dd(.attr("class", "pre-line"), .text(shown(f.name, e.values[f.name] ?? ""))))
                        }),
                    ]),
                    .if(editHref != nil && s.version != current,
                        .form(.method(.post), .attr("action", "\(restoreBase)/\(s.version)/restore"),
                              Layout.csrfField(context),
                              versionField(current),
                              .button(.type(.submit), .attr("class", "secondary"),
                                      .text(l == .ja ? "第\(s.version)版の内容に戻す" : "Restore version \(s.version)")))))
            }
        )
    }
}
