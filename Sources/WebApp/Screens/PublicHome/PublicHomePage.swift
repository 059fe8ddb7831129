import MadoguchiCore
import Notices
import Plot

/// The public home page: what residents can do here, in plain words.
enum PublicHomePage {
    static func render(municipality: Municipality, today: CivilDate, notices: [Notice] = [], context: PageContext) -> HTML {
        let fiscalYear = municipality.fiscalYear(containing: today)
        let l = context.language
        let intro = LocalizedText(
            ja: "\(municipality.name)の手続きやお知らせ、オープンデータをご案内します。窓口に来なくてもできる手続きが増えています。",
            en: "Procedures, notices and open data of \(municipality.nameEnglish). More and more procedures can be done without visiting.")
        let base = "/\(municipality.code)"
        let sections: [(LocalizedText, LocalizedText, String?)] = [
            (LocalizedText(ja: "手続きを調べる", en: "Find your procedures"),
             LocalizedText(ja: "おくやみ・出生・引越しなど、いくつかの質問に答えると必要な手続きと持ち物がわかります。",
                           en: "Answer a few questions about a death, a birth or a move to see which procedures apply and what to bring."),
             base + "/life-events"),
            (LocalizedText(ja: "避難所の開設状況", en: "Shelter status"),
             LocalizedText(ja: "災害のときに開いている避難所と、その混雑状況をお知らせします。",
                           en: "Which shelters are open during a disaster, and how crowded they are."), base + "/shelters"),
            (LocalizedText(ja: "オープンデータ", en: "Open data"),
             LocalizedText(ja: "市が公開しているデータを、機械で読める形式でダウンロードできます。",
                           en: "Download the city's data in machine-readable form."), base + "/dataset"),
            (LocalizedText(ja: "市の取組の成果", en: "Results of the city's plans"),
             LocalizedText(ja: "計画の指標と目標、これまでの実績を、グラフと表でご覧いただけます。",
                           en: "The plans' indicators, targets and results so far, as charts and tables."), base + "/results"),
            (LocalizedText(ja: "個人情報の取扱い", en: "Personal information"),
             LocalizedText(ja: "市が保有する個人情報ファイルの一覧と、開示請求の方法をご案内します。",
                           en: "The personal-information files the city holds and how to request disclosure."), base + "/privacy"),
        ]
        return Layout.page(
            title: municipality.name(in: l), context: context,
            .p(.attr("class", "lead"), .text(intro.text(l))),
            .p(.text(l == .ja ? "\(municipality.prefecture)・全国地方公共団体コード \(municipality.code)・\(fiscalYear.warekiLabel)（\(fiscalYear.gregorianLabel)）"
                              : "Municipality code \(municipality.code) · Fiscal year \(fiscalYear.startYear)")),
            .section(.attr("class", "card latest-notices"),
                     .h2(.a(.attr("href", base + "/notices"), .text(LocalizedText(ja: "新着のお知らせ", en: "Latest notices").text(l)))),
                     notices.isEmpty ? .p(.text(LocalizedText(ja: "新しいお知らせはありません。", en: "No recent notices.").text(l)))
                                     : .ul(.forEach(notices) { NoticesPage.item($0, context: context) }),
                     .p(.a(.attr("href", base + "/notices/subscribe"), .text(LocalizedText(ja: "メール配信の登録", en: "Get notices by e-mail").text(l))))),
            .forEach(sections) { title, body, href in
                .section(.attr("class", "card"),
                         .h2(href.map { Node<HTML.BodyContext>.a(.attr("href", $0), .text(title.text(l))) } ?? .text(title.text(l))),
                         .p(.text(body.text(l))))
            }
        )
    }
}
