import Catalog
import Foundation
import MadoguchiCore
import Plot

/// The staff dataset pages.
enum StaffDatasetsPage {
    /// A module's declared open-data export and, once listed, its dataset.
    struct ModuleExport {
        let id: String
        let title: LocalizedText
        let listedID: UUID?
    }

    static func list(datasets: [Dataset], exports: [ModuleExport] = [], canPublish: Bool = false, input: StaffDatasetsController.NewInput,
                     problems: [FieldProblem], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/datasets"
        func problem(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        return Layout.page(
            title: context.t(LocalizedText(ja: "オープンデータの登録", en: "Open data")), context: context,
            Layout.problems(problems, context: context),
            datasets.isEmpty ? .p(.text(context.t(LocalizedText(ja: "データセットはまだありません。", en: "No datasets yet.")))) :
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "データセット", en: "Datasets")))),
                .thead(.tr(.th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "名称", en: "Title")))),
                           .th(.attr("scope", "col"), .text(context.t(LocalizedText(ja: "状態", en: "State")))))),
                .tbody(.forEach(datasets) { d in
                    .tr(.td(.a(.attr("href", "\(base)/\(d.id?.uuidString.lowercased() ?? "")"), .text(d.title))),
                        .td(.text(d.state == .published ? context.t(LocalizedText(ja: "公開中", en: "Published")) : context.t(LocalizedText(ja: "下書き", en: "Draft")))))
                }))),
            .h2(.text(context.t(LocalizedText(ja: "新しいデータセット（下書き）", en: "New dataset (draft)")))),
            .form(.method(.post), .attr("action", base), Layout.csrfField(context),
                  FormFields.text("name", label: context.t(LocalizedText(ja: "URL名（半角英小文字・数字・ハイフン）", en: "URL name (a-z, 0-9, -)")),
                                  value: input.name ?? "", problem: problem("name"), context: context, autocomplete: "off"),
                  FormFields.text("title", label: context.t(LocalizedText(ja: "名称", en: "Title")), value: input.title ?? "",
                                  problem: problem("title"), context: context, autocomplete: "off"),
                  FormFields.text("notes", label: context.t(LocalizedText(ja: "説明", en: "Description")), value: input.notes ?? "",
                                  context: context, required: false),
                  FormFields.submit(context.t(LocalizedText(ja: "下書きを作る", en: "Create draft")))),
            .if(!exports.isEmpty, .section(
                .h2(.text(context.t(LocalizedText(ja: "システムが作成するデータ", en: "Data the system produces")))),
                .p(.text(context.t(LocalizedText(ja: "各機能の記録から、リクエストのたびに最新の内容でCSVを作ります。カタログに載せると、リンクのリソースを持つデータセットとして公開されます。",
                                                 en: "CSV made from each module's records on request; listing publishes a dataset linking to it.")))),
                .ul(.forEach(exports) { export in
                    .li(.text(context.t(export.title) + "（\(export.id)）"),
                        .unwrap(export.listedID) { id in .a(.attr("href", "\(base)/\(id.uuidString.lowercased())"),
                                                          .text(context.t(LocalizedText(ja: "　掲載済み", en: " Listed")))) },
                        .if(export.listedID == nil && canPublish,
                            .form(.method(.post), .attr("action", "\(base)/exports/\(export.id)"), Layout.csrfField(context),
                                  FormFields.submit(context.t(LocalizedText(ja: "カタログに載せる", en: "List in the catalogue"))))))
                })))
        )
    }

    /// The validation report: verdict, encoding, and every problem by row and column.
    static func report(_ report: ValidationReport, schema: TableSchema, datasetPath: String, resourceID: UUID, context: PageContext) -> HTML {
        Layout.page(
            title: context.t(LocalizedText(ja: "検査結果：\(schema.title)", en: "Validation: \(schema.title)")), context: context,
            .p(.attr("class", report.verdict == .doesNotConform ? "problems" : "notice"), .attr("role", "status"),
               .strong(.text(context.t(report.verdict.label))),
               .text(context.t(LocalizedText(ja: "（\(report.rowCount)行、エラー\(report.errorCount)件、警告\(report.warningCount)件）",
                                             en: " (\(report.rowCount) rows, \(report.errorCount) errors, \(report.warningCount) warnings)")))),
            .if(report.canConvertToUTF8, .form(.method(.post), .attr("action", "\(datasetPath)/resources/\(resourceID.uuidString.lowercased())/convert"),
                                               Layout.csrfField(context),
                                               .p(.text(context.t(LocalizedText(ja: "このファイルはUTF-8ではありません（\(report.encoding?.rawValue ?? "")）。",
                                                                                en: "This file is not UTF-8 (\(report.encoding?.rawValue ?? "")).")))),
                                               FormFields.submit(context.t(LocalizedText(ja: "UTF-8に変換して保存する", en: "Convert to UTF-8"))))),
            report.issues.isEmpty ? .p(.text(context.t(LocalizedText(ja: "問題は見つかりませんでした。", en: "No problems found.")))) :
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "問題の一覧（行・列ごと）", en: "Problems by row and column")) + (report.issuesTruncated ? "（先頭のみ）" : ""))),
                .thead(.tr(.forEach([("行", "Row"), ("列", "Column"), ("重要度", "Severity"), ("内容", "Problem")]) { h in
                    .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                })),
                .tbody(.forEach(report.issues) { issue in
                    .tr(.td(.text(issue.line.map(String.init) ?? issue.row.map(String.init) ?? "—")), .td(.text(issue.column ?? "—")),
                        .td(.text(issue.severity == .error ? "エラー" : "警告")), .td(.text(context.t(issue.message))))
                }))),
            .p(.a(.attr("href", datasetPath), .text(context.t(LocalizedText(ja: "データセットに戻る", en: "Back to the dataset")))))
        )
    }

    /// The dataset's metadata (CKAN package fields), one labelled field each.
    static func metadataForm(_ d: Catalog.Dataset, categories: [Category], action: String, problems: [FieldProblem],
                             context: PageContext) -> Node<HTML.BodyContext> {
        func problem(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
        func text(_ name: String, _ ja: String, _ en: String, _ value: String?) -> Node<HTML.FormContext> {
            FormFields.text(name, label: context.t(LocalizedText(ja: ja, en: en)), value: value ?? "", problem: problem(name), context: context,
                            autocomplete: "off", required: name == "title")
        }
        return .details(.summary(.text(context.t(LocalizedText(ja: "メタデータを編集", en: "Edit metadata")))),
            .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                  text("title", "名称", "Title", d.title),
                  .div(.attr("class", "field"), .label(.attr("for", "notes"), .text(context.t(LocalizedText(ja: "説明", en: "Description")))),
                       .textarea(.attr("id", "notes"), .attr("name", "notes"), .attr("rows", "4"), .text(d.notes))),
                  text("tags", "タグ（読点またはカンマ区切り）", "Tags (comma-separated)", d.tags.joined(separator: "、")),
                  .div(.attr("class", "field"), .label(.attr("for", "license_id"), .text(context.t(LocalizedText(ja: "ライセンス", en: "Licence")))),
                       .select(.attr("id", "license_id"), .attr("name", "license_id"),
                               .forEach(License.all) { FormFields.option(value: $0.id, label: $0.title, selected: $0.id == d.licenseID) })),
                  .if(!categories.isEmpty, .fieldset(.attr("class", "question"),
                      .element(named: "legend", nodes: [.text(context.t(LocalizedText(ja: "分類", en: "Categories")))]),
                      .forEach(categories) { c in
                          .div(.attr("class", "choice"),
                               .selfClosedElement(named: "input", attributes: [
                                  .type(.checkbox), .attr("id", "category-\(c.name)"), .attr("name", "categories[]"), .attr("value", c.name),
                                  .attr("checked", d.categories.contains(c.name) ? "checked" : nil),
                               ] as [Attribute<HTML.InputContext>]),
                               .label(.attr("for", "category-\(c.name)"), .text(c.title)))
                      })),
                  text("update_frequency", "更新頻度（例：annual, monthly）", "Update frequency", d.updateFrequency),
                  text("spatial", "対象地域", "Spatial coverage", d.spatial),
                  text("temporal_start", "対象期間（開始 YYYY-MM-DD）", "Temporal coverage from", d.temporalStart),
                  text("temporal_end", "対象期間（終了 YYYY-MM-DD）", "Temporal coverage to", d.temporalEnd),
                  text("contact_name", "問い合わせ先", "Contact", d.contactName),
                  text("contact_email", "問い合わせ先メール", "Contact e-mail", d.contactEmail),
                  text("contact_phone", "問い合わせ先電話", "Contact phone", d.contactPhone),
                  .div(.attr("class", "field"), .label(.attr("for", "standard_dataset"), .text(context.t(LocalizedText(ja: "標準データセット", en: "Standard dataset")))),
                       .select(.attr("id", "standard_dataset"), .attr("name", "standard_dataset"),
                               FormFields.option(value: "", label: "—", selected: d.standardDataset == nil),
                               .forEach(StandardDatasetLibrary.shared.schemas) { FormFields.option(value: $0.name, label: $0.title, selected: $0.name == d.standardDataset) })),
                  FormFields.submit(context.t(UIStrings.save))))
    }

    struct Detail {
        let dataset: Dataset
        let resources: [Resource]
        let categories: [Category]
        /// What the personal-information guard found (shown instead of publishing).
        let findings: [FieldProblem]
        let problems: [FieldProblem]
        let notice: LocalizedText?
        let canEdit: Bool
        let canPublish: Bool
        let canOverride: Bool
    }

    static func detail(_ model: Detail, context: PageContext) -> HTML {
        let d = model.dataset
        let base = "/\(context.municipalityCode ?? "")/staff/datasets/\(d.id?.uuidString.lowercased() ?? "")"
        return Layout.page(
            title: d.title, context: context,
            Layout.notice(model.notice.map(context.t)),
            Layout.problems(model.problems, context: context),
            .unwrap(model.findings.isEmpty ? nil : model.findings) { findings in
                .div(.attr("class", "problems"), .attr("role", "alert"),
                     .h2(.text(context.t(LocalizedText(ja: "個人情報の可能性があるため公開を止めました", en: "Publication stopped: possible personal information")))),
                     .ul(.forEach(findings) { .li(.text(context.t($0.message))) }),
                     .p(.text(context.t(LocalizedText(
                        ja: "ファイルを直してから公開するか、個人情報保護担当が理由を記録して公開を認めてください。",
                        en: "Fix the files and publish again, or a privacy officer may publish with a written reason.")))))
            },
            .p(.text(d.state == .published ? context.t(LocalizedText(ja: "状態：公開中", en: "State: published"))
                                            : context.t(LocalizedText(ja: "状態：下書き", en: "State: draft")))),
            model.canEdit ? metadataForm(d, categories: model.categories, action: base, problems: model.problems, context: context) : .empty,
            .h2(.text(context.t(LocalizedText(ja: "リソース", en: "Resources")))),
            model.resources.isEmpty ? .p(.text(context.t(LocalizedText(ja: "ファイルはまだありません。", en: "No files yet.")))) :
            .ul(.forEach(model.resources) { r in
                .li(.text("\(r.name)（\(r.format)、\(r.size.map { "\($0)バイト" } ?? "リンク")）"),
                    model.canEdit && r.format.uppercased() == "CSV" && r.sha256 != nil
                        ? .form(.method(.post), .attr("action", "\(base)/resources/\(r.id?.uuidString.lowercased() ?? "")/protect"), .attr("class", "inline"),
                                Layout.csrfField(context),
                                .button(.type(.submit), .attr("class", "secondary"), .text(context.t(LocalizedText(
                                    ja: "小さい値（3未満）を秘匿した版を作る", en: "Make a copy with small cells suppressed")))))
                        : .empty,
                    .unwrap(r.conformity) { verdict in .strong(.text("　［\(r.conformsTo ?? "")：\(ValidationReport.Verdict(rawValue: verdict).map { context.t($0.label) } ?? verdict)］")) },
                    r.format.uppercased() == "CSV" && r.sha256 != nil
                        ? .form(.method(.post), .attr("action", "\(base)/resources/\(r.id?.uuidString.lowercased() ?? "")/validate"), .attr("class", "inline"),
                                Layout.csrfField(context),
                                .label(.attr("for", "schema-\(r.id?.uuidString.lowercased() ?? "")"), .text(context.t(LocalizedText(ja: "標準データセット", en: "Standard dataset")))),
                                .select(.attr("id", "schema-\(r.id?.uuidString.lowercased() ?? "")"), .attr("name", "schema"),
                                        .forEach(StandardDatasetLibrary.shared.schemas) { FormFields.option(value: $0.name, label: $0.title, selected: $0.name == r.conformsTo) }),
                                .button(.type(.submit), .attr("class", "secondary"), .text(context.t(LocalizedText(ja: "検査する", en: "Validate")))))
                        : .empty)
            }),
            model.canEdit ? .group(
                .h2(.text(context.t(LocalizedText(ja: "ファイルを追加", en: "Add a file")))),
                .form(.method(.post), .attr("action", base + "/resources"), .attr("enctype", "multipart/form-data"),
                      Layout.csrfField(context),
                      .div(.attr("class", "field"),
                           .label(.attr("for", "file"), .text(context.t(LocalizedText(
                            ja: "ファイル（CSV・XLSX・JSON・PDFなど、\(StaffDatasetsController.maxUploadBytes / 1024 / 1024) MBまで）",
                            en: "File (CSV, XLSX, JSON, PDF…, up to \(StaffDatasetsController.maxUploadBytes / 1024 / 1024) MB)")))),
                           .input(.type(.file), .attr("id", "file"), .attr("name", "file"))),
                      FormFields.submit(context.t(LocalizedText(ja: "追加する", en: "Upload"))))) : .empty,
            model.canPublish && d.state != .published ? .group(
                .h2(.text(context.t(LocalizedText(ja: "公開", en: "Publish")))),
                .form(.method(.post), .attr("action", base + "/publish"), Layout.csrfField(context),
                      .p(.text(context.t(LocalizedText(ja: "公開の前に、すべてのファイルを個人情報の検査にかけます。",
                                                       en: "Every file is scanned for personal information before publishing.")))),
                      FormFields.submit(context.t(LocalizedText(ja: "公開する", en: "Publish"))))) : .empty,
            model.canOverride && d.state != .published ? .group(
                .h2(.text(context.t(LocalizedText(ja: "個人情報保護担当による公開の承認", en: "Privacy officer's approval")))),
                .form(.method(.post), .attr("action", base + "/publish-override"), Layout.csrfField(context),
                      .div(.attr("class", "field"),
                           .label(.attr("for", "reason"), .text(context.t(LocalizedText(ja: "公開を認める理由（監査ログに記録されます）", en: "Reason (recorded in the audit log)")))),
                           .textarea(.attr("id", "reason"), .attr("name", "reason"), .attr("rows", "3"))),
                      FormFields.submit(context.t(LocalizedText(ja: "理由を記録して公開する", en: "Publish with this reason"))))) : .empty
        )
    }
}
