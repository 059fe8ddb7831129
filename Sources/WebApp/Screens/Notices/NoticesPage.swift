import Foundation
import MadoguchiCore
import Notices
import Plot

/// `/{code}/notices` and `/{code}/notices/{id}`: the notices residents read.
enum NoticesPage {
    static func list(notices: [Notice], areas: [NoticeArea], filter: NoticeQueries.Filter, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/notices"
        var query: [String] = []
        if let c = filter.category { query.append("category=\(c.rawValue)") }
        if let a = filter.area { query.append("area=\(a)") }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return Layout.page(
            title: context.t(LocalizedText(ja: "お知らせ", en: "Notices")), context: context,
            .form(.method(.get), .attr("action", base), .attr("class", "filters"),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "category"), .text(context.t(LocalizedText(ja: "分類", en: "Category")))),
                       .select(.attr("id", "category"), .attr("name", "category"),
                               FormFields.option(value: "", label: context.t(LocalizedText(ja: "すべて", en: "All")), selected: filter.category == nil),
                               .forEach(NoticeCategory.allCases) { c in
                                   FormFields.option(value: c.rawValue, label: context.t(c.label), selected: filter.category == c)
                               })),
                  .div(.attr("class", "field"),
                       .label(.attr("for", "area"), .text(context.t(LocalizedText(ja: "地区", en: "Area")))),
                       .select(.attr("id", "area"), .attr("name", "area"),
                               FormFields.option(value: "", label: context.t(LocalizedText(ja: "すべての地区", en: "All areas")), selected: filter.area == nil),
                               .forEach(areas) { a in
                                   FormFields.option(value: a.code, label: context.language == .ja ? a.name : a.nameEnglish, selected: filter.area == a.code)
                               })),
                  FormFields.submit(context.t(UIStrings.filter))),
            notices.isEmpty ? .p(.text(context.t(LocalizedText(ja: "該当するお知らせはありません。", en: "No notices match.")))) :
                .ul(.attr("class", "notice-list"), .forEach(notices) { item($0, context: context) }),
            .p(.text(context.t(LocalizedText(ja: "新着情報の配信：", en: "Feeds: "))),
               .a(.attr("href", "\(base)/feed.atom\(suffix)"), .attr("type", "application/atom+xml"), .text("Atom")), .text(" / "),
               .a(.attr("href", "\(base)/feed.rss\(suffix)"), .attr("type", "application/rss+xml"), .text("RSS")), .text(" / "),
               .a(.attr("href", "\(base)/subscribe"), .text(context.t(LocalizedText(ja: "メール配信の登録", en: "Get notices by e-mail")))))
        )
    }

    /// One notice in a list: title link, date, category and 更新 when corrected.
    static func item(_ notice: Notice, context: PageContext) -> Node<HTML.ListContext> {
        .li(.a(.attr("href", "/\(context.municipalityCode ?? "")/notices/\(notice.id!.uuidString.lowercased())"),
               .text(title(notice, context: context))),
            .text(" "),
            .span(.attr("class", "meta"),
                  .text("（\(context.t(notice.category.label))・\(dateText(notice.visibleFrom))"),
                  .unwrap(notice.correctedAt) { .text("・\(context.t(LocalizedText(ja: "更新", en: "Updated"))) \(dateText($0))") },
                  .text("）")))
    }

    static func detail(notice: Notice, revisions: [NoticeRevision], areas: [NoticeArea], department: Department?, now: Date,
                       attachments: [NoticeAttachment] = [], history: [NoticeAttachment] = [], context: PageContext) -> HTML {
        let l = context.language
        let names = Dictionary(areas.map { ($0.code, l == .ja ? $0.name : $0.nameEnglish) }, uniquingKeysWith: { a, _ in a })
        let areaText = notice.areaCodes.isEmpty ? context.t(LocalizedText(ja: "市内全域", en: "Whole municipality"))
            : notice.areaCodes.map { names[$0] ?? $0 }.joined(separator: l == .ja ? "、" : ", ")
        let english = l == .en && notice.titleEnglish != nil
        return Layout.page(
            title: title(notice, context: context), context: context, scripts: ["/static/read-aloud.js"],
            .dl(.attr("class", "notice-meta"),
                .dt(.text(context.t(LocalizedText(ja: "掲載日", en: "Published")))), .dd(.text(dateText(notice.visibleFrom))),
                .unwrap(notice.correctedAt) { at in
                    .group(.dt(.text(context.t(LocalizedText(ja: "更新", en: "Updated")))), .dd(.text(dateText(at))))
                },
                .dt(.text(context.t(LocalizedText(ja: "分類", en: "Category")))), .dd(.text(context.t(notice.category.label))),
                .unwrap(department) { d in
                    .group(.dt(.text(context.t(LocalizedText(ja: "担当課", en: "Department")))), .dd(.text(l == .ja ? d.name : d.nameEnglish)))
                },
                .dt(.text(context.t(LocalizedText(ja: "対象地区", en: "Areas")))), .dd(.text(areaText))),
            notice.isListed(at: now) ? .empty : .p(.attr("class", "notice"), .text(context.t(LocalizedText(
                ja: "このお知らせの掲載期間は終了しました。", en: "This notice is no longer current.")))),
            ReadAloud.button(target: "notice-text", context: context),
            .div(.attr("id", "notice-text"), NoticeBodyView.nodes(english ? notice.bodyEnglish ?? notice.body : notice.body)),
            .unwrap(notice.titleEasy) { easy in
                .section(.attr("lang", "ja"), .attr("class", "card"),
                         .h2(.text(context.t(LocalizedText(ja: "やさしい日本語", en: "Easy Japanese")))),
                         .h3(.text(easy)), NoticeBodyView.nodes(notice.bodyEasy ?? ""))
            },
            .unwrap(l == .ja ? notice.titleEnglish : nil) { en in
                .section(.attr("lang", "en"), .attr("class", "card"), .h2(.text("English")), .h3(.text(en)),
                         NoticeBodyView.nodes(notice.bodyEnglish ?? ""))
            },
            NoticeAttachmentsView.list(attachments, notice: notice, context: context),
            revisions.count > 1 ? .section(
                .h2(.text(context.t(LocalizedText(ja: "更新の履歴", en: "History of changes")))),
                .ol(.forEach(revisions) { r in
                    .li(.text(dateText(r.savedAt) + " "),
                        .text(r.revision == 1 ? context.t(LocalizedText(ja: "掲載", en: "Published")) : r.note),
                        .text(NoticeAttachmentsView.changes(in: r.revision, history, context: context)))
                })) : .empty,
            .p(.a(.attr("href", "/\(context.municipalityCode ?? "")/notices"), .text(context.t(LocalizedText(ja: "お知らせの一覧へ", en: "All notices")))))
        )
    }

    static func title(_ notice: Notice, context: PageContext) -> String {
        context.language == .en ? (notice.titleEnglish ?? notice.title) : notice.title
    }

    /// `2026-12-06 10:00` in Japan time.
    static func dateText(_ date: Date?) -> String { TimeText.minutes(date) }
}
