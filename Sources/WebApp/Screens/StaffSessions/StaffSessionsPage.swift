import Foundation
import MadoguchiCore
import Plot

/// The signed-in member's own sessions, each with a button that ends it.
enum StaffSessionsPage {
    struct Row {
        let id: String
        let signedInAt: Date
        let lastSeenAt: Date
        let isCurrent: Bool
    }

    static func render(rows: [Row], notice: String?, context: PageContext) -> HTML {
        let l = context.language
        let base = "/\(context.municipalityCode ?? "")/staff/sessions"
        return Layout.page(
            title: context.t(UIStrings.ownSessions), context: context,
            Layout.notice(notice),
            .p(.text(l == .ja ? "このアカウントでログインしている端末です。心当たりのないものは終了してください。"
                              : "These are the browsers signed in to this account. End any you do not recognise.")),
            .table(
                .caption(.text(l == .ja ? "ログイン中（\(rows.count)件）" : "\(rows.count) signed-in sessions")),
                .thead(.tr(.th(.attr("scope", "col"), .text(l == .ja ? "ログイン日時" : "Signed in")),
                           .th(.attr("scope", "col"), .text(l == .ja ? "最後の操作" : "Last used")),
                           .th(.attr("scope", "col"), .text(l == .ja ? "操作" : "Action")))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(TimeText.minutes(row.signedInAt))), .td(.text(TimeText.minutes(row.lastSeenAt))),
                        .td(row.isCurrent
                            ? .text(l == .ja ? "この端末" : "This browser")
                            : .form(.method(.post), .attr("action", "\(base)/\(row.id)/end"), Layout.csrfField(context),
                                    .button(.type(.submit), .text(l == .ja ? "終了する" : "End")))))
                })),
            .form(.method(.post), .attr("action", "\(base)/others/end"), Layout.csrfField(context),
                  .button(.type(.submit), .text(l == .ja ? "この端末以外のログインをすべて終了する" : "End every other session")))
        )
    }
}
