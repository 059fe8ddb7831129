import Foundation
import MadoguchiCore
import Notices
import Plot

/// `/{code}/staff/notices/{id}/attachments`: a notice's files, the upload form and the remove buttons;
/// `section` is the short list on the notice's form.
enum StaffNoticeAttachmentsPage {
    static func page(notice: Notice, attachments: [NoticeAttachment], problems: [FieldProblem], context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/staff/notices/\(notice.id!.uuidString.lowercased())"
        let full = attachments.count >= AttachmentRules.maxPerNotice
        return Layout.page(
            title: context.t(LocalizedText(ja: "添付ファイル", en: "Attachments")), context: context,
            Layout.problems(problems, context: context),
            .p(.text(context.t(LocalizedText(ja: "お知らせ：", en: "Notice: ")) + notice.title), .text(" "),
               .a(.attr("href", base), .text(context.t(LocalizedText(ja: "お知らせの編集に戻る", en: "Back to the notice"))))),
            notice.state == .published ? .p(.text(context.t(LocalizedText(
                ja: "公開中のお知らせです。追加・削除は次の訂正（更新）で公開ページに反映されます。それまでの版の添付ファイルは履歴として残ります。",
                en: "This notice is published: files added or removed reach its public page with the next correction; earlier versions keep their files.")))) : .empty,
            list(attachments, notice: notice, base: base, removable: notice.state != .awaitingApproval, context: context),
            notice.state == .awaitingApproval || full ? .p(.text(context.t(full
                ? LocalizedText(ja: "添付ファイルは\(AttachmentRules.maxPerNotice)件までです。", en: "A notice carries at most \(AttachmentRules.maxPerNotice) files.")
                : LocalizedText(ja: "承認待ちの間は添付ファイルを変更できません。", en: "Files cannot change while the notice awaits approval."))))
            : .form(.method(.post), .attr("action", base + "/attachments"), .attr("enctype", "multipart/form-data"),
                    Layout.csrfField(context),
                    .div(.attr("class", problems.isEmpty ? "field" : "field has-problem"),
                         .label(.attr("for", "file"), .text(context.t(LocalizedText(
                            ja: "添付ファイル（PDF・PNG・JPEG・CSV・テキスト、\(AttachmentRules.maxBytes / 1024 / 1024)MBまで、1件のお知らせに\(AttachmentRules.maxPerNotice)件まで）",
                            en: "Attachment (PDF, PNG, JPEG, CSV or plain text, up to \(AttachmentRules.maxBytes / 1024 / 1024) MB, \(AttachmentRules.maxPerNotice) per notice)")))),
                         .forEach(problems.filter { $0.field == "file" }) { p in
                             .p(.attr("id", "file-error"), .attr("class", "field-problem"), .text(context.t(p.message)))
                         },
                         .input(.type(.file), .attr("id", "file"), .attr("name", "file"),
                                .attr("accept", ".pdf,.png,.jpg,.jpeg,.csv,.txt"),
                                .attr("aria-invalid", problems.isEmpty ? nil : "true"),
                                .attr("aria-describedby", problems.isEmpty ? nil : "file-error"))),
                    FormFields.submit(context.t(LocalizedText(ja: "添付する", en: "Attach"))))
        )
    }

    /// The files on the notice's form, with a link to this page.
    static func section(_ attachments: [NoticeAttachment], notice: Notice, context: PageContext) -> Node<HTML.BodyContext> {
        let base = "/\(context.municipalityCode ?? "")/staff/notices/\(notice.id!.uuidString.lowercased())"
        return .section(.attr("id", "attachments"),
            .h2(.text(context.t(LocalizedText(ja: "添付ファイル", en: "Attachments")))),
            attachments.isEmpty ? .p(.text(context.t(LocalizedText(ja: "添付ファイルはありません。", en: "No files attached."))))
                : .ul(.forEach(attachments) { a in .li(.text("\(a.fileName)（\(a.typeLabel) \(AttachmentRules.sizeText(a.size))）\(pending(a, notice, context))")) }),
            .p(.a(.attr("href", base + "/attachments"), .text(context.t(LocalizedText(ja: "添付ファイルの追加・削除", en: "Add or remove files"))))))
    }

    private static func list(_ attachments: [NoticeAttachment], notice: Notice, base: String, removable: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        guard !attachments.isEmpty else { return .p(.text(context.t(LocalizedText(ja: "添付ファイルはありません。", en: "No files attached.")))) }
        return .table(
            .thead(.tr(.th(.text(context.t(LocalizedText(ja: "ファイル名", en: "File name")))),
                       .th(.text(context.t(LocalizedText(ja: "種類・大きさ", en: "Type and size")))),
                       .th(.text(context.t(LocalizedText(ja: "追加日時", en: "Added")))),
                       .th(.text(context.t(LocalizedText(ja: "操作", en: "Action")))))),
            .tbody(.forEach(attachments) { a in
                .tr(.td(.text(a.fileName + pending(a, notice, context))),
                    .td(.text("\(a.typeLabel) \(AttachmentRules.sizeText(a.size))")),
                    .td(.text(TimeText.minutes(a.uploadedAt))),
                    .td(removable ? .form(.method(.post), .attr("action", "\(base)/attachments/\(a.id!.uuidString.lowercased())/remove"),
                                          Layout.csrfField(context),
                                          .button(.type(.submit), .attr("aria-label", context.t(LocalizedText(ja: "「\(a.fileName)」を削除", en: "Remove \(a.fileName)"))),
                                                  .text(context.t(LocalizedText(ja: "削除", en: "Remove"))))) : .empty))
            }))
    }

    private static func pending(_ attachment: NoticeAttachment, _ notice: Notice, _ context: PageContext) -> String {
        notice.state == .published && attachment.addedInRevision > notice.revision
            ? context.t(LocalizedText(ja: "（次の訂正で公開）", en: " (published with the next correction)")) : ""
    }
}
