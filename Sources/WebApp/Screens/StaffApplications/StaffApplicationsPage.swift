import Forms
import Foundation
import MadoguchiCore
import Plot

/// The back office pages.
enum StaffApplicationsPage {
    static func inbox(_ applications: [FormApplication], forms: [FormDefinition], filters: StaffApplicationsController.Filters,
                      staffNames: [UUID: String], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/applications"
        let titles = Dictionary(uniqueKeysWithValues: forms.map { ($0.id, $0.title.text(context.language)) })
        let all = context.t(LocalizedText(ja: "すべて", en: "All"))
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "desk", value: filters.desk ?? "all"), URLQueryItem(name: "form", value: filters.form ?? ""),
                            URLQueryItem(name: "status", value: filters.status ?? ""), URLQueryItem(name: "assigned", value: filters.assignedToMe ? "me" : "")]
        return Layout.page(
            title: context.t(LocalizedText(ja: "電子申請の受付箱", en: "Applications inbox")), context: context,
            .form(.method(.get), .attr("action", base), .attr("class", "filters"),
                  .div(.attr("class", "field"), .label(.attr("for", "desk"), .text(context.t(LocalizedText(ja: "担当窓口", en: "Desk")))),
                       .select(.attr("id", "desk"), .attr("name", "desk"),
                               FormFields.option(value: "all", label: all, selected: filters.desk == nil),
                               .forEach(filters.desks) { FormFields.option(value: $0.id, label: $0.name, selected: $0.id == filters.desk) })),
                  .div(.attr("class", "field"), .label(.attr("for", "form"), .text(context.t(LocalizedText(ja: "様式", en: "Form")))),
                       .select(.attr("id", "form"), .attr("name", "form"),
                               FormFields.option(value: "", label: all, selected: (filters.form ?? "").isEmpty),
                               .forEach(forms) { FormFields.option(value: $0.id, label: $0.title.text(context.language), selected: $0.id == filters.form) })),
                  .div(.attr("class", "field"), .label(.attr("for", "status"), .text(context.t(LocalizedText(ja: "状況", en: "Status")))),
                       .select(.attr("id", "status"), .attr("name", "status"),
                               FormFields.option(value: "", label: all, selected: (filters.status ?? "").isEmpty),
                               .forEach(ApplicationStatus.allCases) { FormFields.option(value: $0.rawValue, label: context.t($0.label), selected: $0.rawValue == filters.status) })),
                  .div(.attr("class", "field"), .label(.attr("for", "assigned"), .text(context.t(LocalizedText(ja: "担当者", en: "Assigned to")))),
                       .select(.attr("id", "assigned"), .attr("name", "assigned"),
                               FormFields.option(value: "", label: all, selected: !filters.assignedToMe),
                               FormFields.option(value: "me", label: context.t(LocalizedText(ja: "自分", en: "Me")), selected: filters.assignedToMe))),
                  FormFields.submit(context.t(UIStrings.filter))),
            .p(.a(.attr("href", base + ".csv?" + (query.percentEncodedQuery ?? "")), .text(context.t(UIStrings.downloadCSV)))),
            applications.isEmpty ? .p(.text(context.t(LocalizedText(ja: "申請はありません。", en: "No applications.")))) :
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "申請（新しい順）", en: "Applications, newest first")))),
                .thead(.tr(.forEach([("受付番号", "Receipt"), ("様式", "Form"), ("状況", "Status"), ("担当者", "Assigned to"), ("受付日時", "Received")]) { h in
                    .th(.attr("scope", "col"), .text(context.language == .ja ? h.0 : h.1))
                })),
                .tbody(.forEach(applications) { a in
                    .tr(.td(.a(.attr("href", "\(base)/\(a.id?.uuidString.lowercased() ?? "")"), .text(a.receiptNumber))),
                        .td(.text(titles[a.formID] ?? a.formID)),
                        .td(.text(ApplicationStatus(rawValue: a.status).map { context.t($0.label) } ?? a.status)),
                        .td(.text(a.assignedStaffID.flatMap { staffNames[$0] } ?? "—")),
                        .td(.text(TimeText.minutes(a.submittedAt))))
                })))
        )
    }

    static func detail(_ application: FormApplication, form: FormDefinition, values: [String: String], history: [ApplicationEvent],
                       files: [(id: UUID, field: String, name: String, size: Int)], assignee: String?, problem: FieldProblem?,
                       context: PageContext) -> HTML {
        let l = context.language
        let action = "/\(context.municipalityCode ?? "")/staff/applications/\(application.id?.uuidString.lowercased() ?? "")/status"
        let current = ApplicationStatus(rawValue: application.status) ?? .received
        let next = ApplicationReview.transitions[current, default: []]
        return Layout.page(
            title: "\(application.receiptNumber)（\(form.title.text(l))）", context: context,
            Layout.problems(problem.map { [$0] } ?? [], context: context),
            .p(.text(context.t(LocalizedText(ja: "状況：", en: "Status: ")) + context.t(current.label))),
            .form(.method(.post), .attr("action", action.replacingOccurrences(of: "/status", with: "/assign")), Layout.csrfField(context),
                  .p(.attr("id", "assignee"), .text(context.t(LocalizedText(ja: "担当者：", en: "Assigned to: ")) + (assignee ?? "—"))),
                  FormFields.submit(context.t(LocalizedText(ja: "自分が担当する", en: "Take it on")))),
            .div(.attr("class", "table-scroll"), .table(
                .caption(.text(context.t(LocalizedText(ja: "申請内容（閲覧は記録されます）", en: "Application (views are recorded)")))),
                .tbody(.forEach(form.fields.filter { values[$0.id] != nil }) { f in
                    .tr(.th(.attr("scope", "row"), .text(f.label.text(l))),
                        .td(.text(f.type == .file ? context.t(LocalizedText(ja: "添付あり（下の一覧）", en: "Attached (see below)")) : values[f.id] ?? "")))
                }))),
            .if(!files.isEmpty, .group(.h2(.text(context.t(LocalizedText(ja: "添付書類（開くと記録されます）", en: "Attachments (opening is recorded)")))),
                .ul(.forEach(files) { file in
                    .li(.a(.attr("href", "/\(context.municipalityCode ?? "")/staff/applications/\(application.id?.uuidString.lowercased() ?? "")/attachments/\(file.id.uuidString.lowercased())"),
                           .text("\(form.field(file.field)?.label.text(l) ?? file.field)：\(file.name)（\(max(1, file.size / 1024)) KB）")))
                }))),
            .if(!history.isEmpty, .group(.h2(.text(context.t(LocalizedText(ja: "経過", en: "History")))),
                .ol(.forEach(history) { e in
                    .li(.text(TimeText.minutes(e.createdAt) + " "
                              + (e.byApplicant ? context.t(LocalizedText(ja: "申請者が補正して再提出", en: "Corrected by the applicant")) + " → " : "")
                              + (ApplicationStatus(rawValue: e.status).map { context.t($0.label) } ?? e.status) + (e.comment.isEmpty ? "" : "：\(e.comment)")))
                }))),
            .if(!next.isEmpty, .form(.method(.post), .attr("action", action), Layout.csrfField(context),
                .div(.attr("class", "field"), .label(.attr("for", "status"), .text(context.t(LocalizedText(ja: "次の状況", en: "Next status")))),
                     .select(.attr("id", "status"), .attr("name", "status"), .forEach(next) { FormFields.option(value: $0.rawValue, label: context.t($0.label)) })),
                .div(.attr("class", problem?.field == "comment" ? "field has-problem" : "field"),
                     .label(.attr("for", "comment"), .text(context.t(LocalizedText(ja: "コメント（補正依頼・却下では申請者への説明）", en: "Comment (for the applicant when asking for corrections or rejecting)")))),
                     .textarea(.attr("id", "comment"), .attr("name", "comment"), .attr("rows", "3"))),
                FormFields.submit(context.t(LocalizedText(ja: "状況を更新する", en: "Update status")))))
        )
    }
}
