import MadoguchiCore
import Plot
import Shelters

/// `/{code}/shelters`: each shelter's status, crowding and the time it was checked, grouped by area.
enum SheltersPage {
    static func render(shelters: [Shelter], context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")"
        let open = shelters.filter { $0.shelterStatus == .open }
        let areas = Dictionary(grouping: shelters, by: \.area).sorted { $0.key < $1.key }
        return Layout.page(
            title: LocalizedText(ja: "避難所の開設状況", en: "Shelter status").text(l), context: context,
            .p(.attr("class", "lead"), .text(open.isEmpty
                ? LocalizedText(ja: "いま開設している避難所はありません。", en: "No shelter is open now.").text(l)
                : LocalizedText(ja: "開設している避難所：\(open.count)か所", en: "Open shelters: \(open.count)").text(l))),
            .p(.text(LocalizedText(ja: "混雑状況は、避難所の職員が確認した時点のものです。混雑している避難所のほか、安全な親戚・知人宅への避難もご検討ください。",
                                   en: "Crowding is as staff checked it at the time shown. Besides a shelter, consider staying with relatives or friends in a safe place.").text(l))),
            .forEach(areas) { area, list in
                .section(.attr("class", "shelter-area"),
                         .h2(.text(area.isEmpty ? LocalizedText(ja: "地区の指定なし", en: "No area given").text(l) : area)),
                         .ul(.attr("class", "shelters"), .forEach(list) { item($0, context: context) }))
            },
            .h2(.text(LocalizedText(ja: "オープンデータ", en: "Open data").text(l))),
            .ul(.li(.a(.attr("href", base + "/shelters.csv"), .text("CSV"))),
                .li(.a(.attr("href", base + "/shelters.json"), .text("JSON"))),
                .li(.a(.attr("href", base + "/shelters.geojson"), .text("GeoJSON"))))
        )
    }

    static func item(_ shelter: Shelter, context: PageContext) -> Node<HTML.ListContext> {
        let l = context.language
        let status = shelter.shelterStatus
        var facts: [String] = []
        if status == .open, let crowding = shelter.crowdingLevel { facts.append(crowding.label.text(l)) }
        if status == .open, let count = shelter.headCount {
            facts.append(l == .ja ? "避難者 \(count)人" + (shelter.capacity.map { "（想定収容 \($0)人）" } ?? "")
                                  : "\(count) people" + (shelter.capacity.map { " (capacity \($0))" } ?? ""))
        }
        return .li(.attr("class", "shelter shelter-\(status.rawValue)"),
                   .h3(.text(shelter.name)),
                   .p(.attr("class", "shelter-status"), .strong(.text(status.label.text(l)))
                      , .unwrap(facts.isEmpty ? nil : facts.joined(separator: "・")) { .text("　" + $0) }),
                   .p(.text(shelter.address)),
                   .p(.attr("class", "checked"), .text(shelter.checkedAt.map {
                       (l == .ja ? "確認：" : "Checked: ") + TimestampText.japanMinutes($0)
                   } ?? LocalizedText(ja: "確認：まだ報告はありません", en: "Checked: no report yet").text(l))))
    }
}
