import Counter
import MadoguchiCore
import Plot

/// The inventory pages: a table of every procedure, and one procedure with its definition.
enum StaffProceduresPage {
    static func list(catalog: LifeEventCatalog, edited: Set<String>, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/procedures"
        let categories = Dictionary(grouping: catalog.procedures, by: \.category).sorted { $0.key < $1.key }
        return Layout.page(
            title: context.t(LocalizedText(ja: "手続一覧（棚卸し）", en: "Procedure inventory")), context: context,
            .p(.text(context.t(LocalizedText(ja: "\(catalog.procedures.count)件の手続。「*」は本市で編集した手続です。",
                                             en: "\(catalog.procedures.count) procedures. * marks one edited for this municipality.")))),
            .forEach(categories) { category, procedures in
                .div(.attr("class", "table-scroll"), .table(
                    .caption(.text(category)),
                    .thead(.tr(.forEach([("手続", "Procedure"), ("窓口", "Counter"), ("期限", "Deadline"), ("方法", "Channels"), ("最終確認日", "Last verified")]) { h in
                        .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                    })),
                    .tbody(.forEach(procedures) { p in
                        .tr(.th(.attr("scope", "row"), .a(.attr("href", "\(base)/\(p.id)"), .text(p.name + (edited.contains(p.id) ? " *" : "")))),
                            .td(.text(catalog.counter(p.counter)?.name ?? p.counter)),
                            .td(.text(p.deadline?.description.ja ?? "—")),
                            .td(.text(p.channels.map { context.t(ChecklistView.channelLabel($0.kind)) }.joined(separator: "・"))),
                            .td(.text(p.lastVerified.description)))
                    })))
            }
        )
    }

    struct Detail {
        let procedure: Procedure
        let counter: ServiceCounter?
        let definition: String
        let edited: Bool
        let canEdit: Bool
        let problems: [FieldProblem]
        let notice: LocalizedText?
    }

    static func detail(_ model: Detail, context: PageContext) -> HTML {
        let p = model.procedure
        let action = "/\(context.municipalityCode ?? "")/staff/procedures/\(p.id)"
        let problem = model.problems.first
        return Layout.page(
            title: p.name, context: context,
            Layout.notice(model.notice.map(context.t)),
            Layout.problems(model.problems, context: context),
            .dl(.dt(.text("ID")), .dd(.text(p.id)),
                .dt(.text(context.t(LocalizedText(ja: "窓口", en: "Counter")))), .dd(.text(model.counter.map { "\($0.name)（\($0.location)）" } ?? p.counter)),
                .dt(.text(context.t(LocalizedText(ja: "根拠法令", en: "Legal basis")))), .dd(.text(p.legalBasis)),
                .dt(.text(context.t(LocalizedText(ja: "届出人・代理", en: "Who may apply")))), .dd(.text("\(p.applicants.who)／\(p.applicants.proxy)")),
                .dt(.text(context.t(LocalizedText(ja: "期限", en: "Deadline")))), .dd(.text(p.deadline?.description.ja ?? "—")),
                .dt(.text(context.t(LocalizedText(ja: "持ち物", en: "What to bring")))),
                .dd(.ul(.forEach(p.itemsToBring) { .li(.text($0.name)) })),
                .dt(.text(context.t(LocalizedText(ja: "手数料", en: "Fee")))), .dd(.text(p.fee.yen == 0 ? "無料" : "\(p.fee.yen)円")),
                .dt(.text(context.t(LocalizedText(ja: "出典・最終確認日", en: "Source, last verified")))),
                .dd(.unwrap(p.source.url) { .a(.attr("href", $0), .text(p.source.title)) } , p.source.url == nil ? .text(p.source.title) : .empty,
                    .text("（\(p.lastVerified)）"))),
            model.edited ? .p(.attr("class", "notice"), .text(context.t(LocalizedText(ja: "この手続は本市で編集されています。", en: "This procedure was edited for this municipality.")))) : .empty,
            .h2(.text(context.t(LocalizedText(ja: "定義（JSON）", en: "Definition (JSON)")))),
            model.canEdit
                ? .form(.method(.post), .attr("action", action),
                        Layout.csrfField(context),
                        .div(.attr("class", problem == nil ? "field" : "field has-problem"),
                             .label(.attr("for", "definition"), .text(context.t(LocalizedText(
                                ja: "定義（保存すると、すべてのライフイベントと合わせて検査します）", en: "Definition (checked with every life event on save)")))),
                             .unwrap(problem) { p in .p(.attr("id", "definition-error"), .attr("class", "field-problem"), .text(context.t(p.message))) },
                             .textarea(.attr("id", "definition"), .attr("name", "definition"), .attr("rows", "24"),
                                       .attr("spellcheck", "false"),
                                       .attr("aria-describedby", problem == nil ? nil : "definition-error"),
                                       .text(model.definition))),
                        FormFields.submit(context.t(UIStrings.save)))
                : .pre(.attr("class", "definition"), .code(.text(model.definition))),
            model.canEdit && model.edited
                ? .form(.method(.post), .attr("action", action + "/revert"), Layout.csrfField(context),
                        .button(.type(.submit), .attr("class", "secondary"), .text(context.t(LocalizedText(ja: "標準の定義に戻す", en: "Revert to the shipped definition")))))
                : .empty
        )
    }
}
