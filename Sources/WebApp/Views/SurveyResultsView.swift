import MadoguchiCore
import Plot
import Surveys

/// A survey's results: per question the count of each option and the counted share, and for
/// questions with counted options the age band × area table with small cells suppressed
/// (「—」, explained under the table). Staff and the public see the same protected tables.
enum SurveyResultsView {
    static func render(_ results: SurveyResults, idPrefix: String, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .div(.attr("class", "survey-results"),
            .p(.text(l == .ja ? "回答者数: \(results.respondents)人" : "Respondents: \(results.respondents)")),
            .forEach(Array(results.questions.enumerated())) { i, q in
                .section(.attr("aria-labelledby", "\(idPrefix)-q\(i)"),
                    .h3(.attr("id", "\(idPrefix)-q\(i)"), .text(context.t(q.question.text))),
                    .table(.caption(.text(l == .ja ? "選択肢ごとの回答数（回答者 \(q.answered)人）" : "Answers by option (\(q.answered) answered)")),
                           .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "選択肢" : "Option")),
                                      .th(.attr("scope", "col"), .text(l == .ja ? "回答数" : "Answers")))),
                           .tbody(.forEach(q.counts) { c in
                               .tr(.th(.attr("scope", "row"), .text(context.t(c.choice.label) + (c.choice.counts ? (l == .ja ? "（集計対象）" : " (counted)") : ""))),
                                   .td(.attr("class", "number"), .text(String(c.count))))
                           })),
                    .unwrap(q.share) { share in
                        .p(.text(l == .ja ? "集計対象の選択肢を選んだ割合: \(format(share))%（n=\(q.answered)）"
                                          : "Share choosing a counted option: \(format(share))% (n=\(q.answered))"))
                    },
                    .unwrap(q.breakdown) { b in breakdown(b, caption: context.t(q.question.text), context: context) })
            })
    }

    static func breakdown(_ b: SurveyResults.Breakdown, caption: String, context: PageContext) -> Node<HTML.BodyContext> {
        let l = context.language
        return .div(.attr("class", "table-scroll"),
            .table(.attr("class", "breakdown"),
                .caption(.text(l == .ja ? "\(caption)：年齢・地区別の割合（%、括弧内は回答者数）" : "\(caption): share by age and area (%, respondents in brackets)")),
                .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "年齢" : "Age")),
                           .forEach(b.columns) { .th(.attr("scope", "col"), .text(context.t($0))) })),
                .tbody(.forEach(Array(b.rows.enumerated())) { r, label in
                    .tr(.th(.attr("scope", "row"), .text(context.t(label))),
                        .forEach(b.cells[r]) { cell in
                            .td(.attr("class", "number"), .text(text(cell)))
                        })
                })),
            .p(.attr("class", "note"),
               .text(l == .ja
                   ? "「\(SurveyResults.marker)」は回答者が\(SurveyResults.threshold)人未満のため、または他の欄や合計から逆算されないよう秘匿した欄です（秘匿\(b.suppressedCount)欄）。"
                   : "\"\(SurveyResults.marker)\" marks cells with fewer than \(SurveyResults.threshold) respondents, or hidden so that they cannot be worked out from the other cells and totals (\(b.suppressedCount) hidden).")))
    }

    static func text(_ cell: SurveyResults.Cell) -> String {
        guard let n = cell.n else { return SurveyResults.marker }
        guard let share = cell.share else { return "（0）" }
        return "\(format(share))（\(n)）"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
