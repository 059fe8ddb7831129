import Foundation
import MadoguchiCore
import Plot
import Shelters

/// `/{code}/staff/shelters`: one short form per shelter, big enough to use on a phone at the door.
enum StaffSheltersPage {
    /// A report that came back with problems: its shelter, what was typed, and the problems.
    struct Failed {
        let shelterID: UUID
        let input: StaffSheltersController.ReportInput
        let problems: [FieldProblem]
    }

    static func list(shelters: [Shelter], notice: String?, failed: Failed?, importProblem: FieldProblem?, canImport: Bool,
                     canAnnounce: Bool = false, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/shelters"
        return Layout.page(
            title: LocalizedText(ja: "避難所の状況報告", en: "Shelter reports").text(l), context: context,
            .unwrap(notice) { .p(.attr("class", "notice"), .attr("role", "status"), .text($0)) },
            Layout.problems(failed?.problems ?? [], context: context),
            shelters.isEmpty ? .p(.text(LocalizedText(ja: "避難所が登録されていません。カタログの標準データセットから取り込んでください。",
                                                      en: "No shelters yet: import them from the catalogue's standard datasets.").text(l))) : .empty,
            .ul(.attr("class", "shelters staff-shelters"), .forEach(shelters) { shelter in
                .li(.attr("class", "shelter"), form(shelter, base: base, failed: failed?.shelterID == shelter.id ? failed : nil, canAnnounce: canAnnounce, context: context))
            }),
            .if(canImport, .section(
                .h2(.text(LocalizedText(ja: "カタログから取り込む", en: "Import from the catalogue").text(l))),
                .p(.text(LocalizedText(ja: "公開中の「指定避難所一覧」または「指定緊急避難場所一覧」のCSVから、NO（標準データセットのID）で照合して追加・更新します。報告済みの状況は消えません。",
                                       en: "Adds or updates shelters from the published standard CSV, matched on its NO; reported statuses are kept.").text(l))),
                Layout.problems(importProblem.map { [$0] } ?? [], context: context),
                .form(.method(.post), .attr("action", base + "/import"),
                      Layout.csrfField(context),
                      .div(.attr("class", "field"),
                           .label(.attr("for", "import-kind"), .text(LocalizedText(ja: "取り込むデータ", en: "Dataset to import").text(l))),
                           .select(.attr("id", "import-kind"), .attr("name", "kind"),
                                   FormFields.option(value: "evacuation_shelter", label: "指定避難所一覧"),
                                   FormFields.option(value: "evacuation_space", label: "指定緊急避難場所一覧"))),
                      FormFields.submit(LocalizedText(ja: "取り込む", en: "Import").text(l)))))
        )
    }

    static func form(_ shelter: Shelter, base: String, failed: Failed?, canAnnounce: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        let id = shelter.id?.uuidString.lowercased() ?? ""
        let input = failed?.input
        func problem(_ field: String) -> FieldProblem? { failed?.problems.first { $0.field == field } }
        let status = input?.status ?? shelter.status
        let crowding = input?.crowding ?? ""
        return .div(
            .h2(.a(.attr("href", "\(base)/\(id)"), .text(shelter.name))),
            .p(.text("\(shelter.shelterStatus.label.text(l))" + (shelter.crowdingLevel.map { "・" + $0.label.text(l) } ?? "")
                     + (shelter.checkedAt.map { (l == .ja ? "（確認 " : " (checked ") + TimestampText.japanMinutes($0) + (l == .ja ? "）" : ")") } ?? ""))),
            .form(.method(.post), .attr("action", "\(base)/\(id)"),
                  Layout.csrfField(context),
                  .input(.type(.hidden), .attr("name", "revision"), .attr("value", input?.revision ?? String(shelter.revision))),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "status-\(id)"), .text(LocalizedText(ja: "状況", en: "Status").text(l))),
                       .select(.attr("id", "status-\(id)"), .attr("name", "status"),
                               .forEach(ShelterStatus.allCases) { s in FormFields.option(value: s.rawValue, label: s.label.text(l), selected: s.rawValue == status) })),
                  FormFields.text("head_count", label: LocalizedText(ja: "避難者数（人）", en: "People").text(l),
                                  value: input?.head_count ?? shelter.headCount.map(String.init) ?? "", type: .number,
                                  problem: problem("head_count"), context: context, required: false, id: "head_count-\(id)"),
                  FormFields.text("households", label: LocalizedText(ja: "世帯数", en: "Households").text(l),
                                  value: input?.households ?? shelter.households.map(String.init) ?? "", type: .number,
                                  problem: problem("households"), context: context, required: false, id: "households-\(id)"),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "crowding-\(id)"), .text(LocalizedText(ja: "混雑状況", en: "Crowding").text(l))),
                       .select(.attr("id", "crowding-\(id)"), .attr("name", "crowding"),
                               FormFields.option(value: "", label: shelter.capacity == nil
                                   ? LocalizedText(ja: "選ばない", en: "Not given").text(l)
                                   : LocalizedText(ja: "人数から自動（想定収容 \(shelter.capacity ?? 0)人）", en: "From the head count (capacity \(shelter.capacity ?? 0))").text(l),
                                   selected: crowding.isEmpty),
                               .forEach(Crowding.allCases) { c in FormFields.option(value: c.rawValue, label: c.label.text(l), selected: c.rawValue == crowding) })),
                  .if(canAnnounce && shelter.shelterStatus != .open,
                      .div(.attr("class", "field checkbox"),
                           .input(.type(.checkbox), .attr("id", "announce-\(id)"), .attr("name", "announce"), .attr("value", "on")),
                           .label(.attr("for", "announce-\(id)"), .text(LocalizedText(ja: "開設したらお知らせに掲載する", en: "Announce the opening in the notices").text(l))))),
                  FormFields.submit(LocalizedText(ja: "報告する", en: "Report").text(l)))
        )
    }

    static func history(shelter: Shelter, reports: [ShelterReport], names: [UUID: String], context: PageContext) -> HTML {
        let l = context.language
        let headings: [String] = l == .ja ? ["確認日時", "状況", "避難者数", "世帯数", "混雑状況", "報告者"]
                                          : ["Checked", "Status", "People", "Households", "Crowding", "Reported by"]
        let rows: [[String]] = reports.map { row($0, names: names, language: l) }
        let subtitle = shelter.address + (shelter.capacity.map { l == .ja ? "・想定収容 \($0)人" : " · capacity \($0)" } ?? "")
        return Layout.page(
            title: shelter.name, context: context,
            .p(.text(subtitle)),
            .table(.caption(.text(LocalizedText(ja: "報告の履歴（新しい順）", en: "Reports, newest first").text(l))),
                   .thead(.tr(.forEach(headings) { .th(.attr("scope", "col"), .text($0)) })),
                   .tbody(.forEach(rows) { cells in .tr(.forEach(cells) { .td(.text($0)) }) }))
        )
    }

    private static func row(_ r: ShelterReport, names: [UUID: String], language l: UILanguage) -> [String] {
        let status = (ShelterStatus(rawValue: r.status) ?? .notOpened).label.text(l)
        var crowding = r.crowding.flatMap(Crowding.init(rawValue:))?.label.text(l) ?? ""
        if r.crowdingOverridden { crowding += l == .ja ? "（職員が選択）" : " (chosen)" }
        let reporter = StaffSheltersController.staffID(r.reportedBy).flatMap { names[$0] } ?? r.reportedBy
        return [TimestampText.japanMinutes(r.checkedAt), status, r.headCount.map(String.init) ?? "",
                r.households.map(String.init) ?? "", crowding, reporter]
    }
}
