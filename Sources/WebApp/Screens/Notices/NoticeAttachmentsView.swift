import Foundation
import MadoguchiCore
import Notices
import Plot

/// A notice's files on its public page: each link says the file's type and size (「PDF 1.2MB」), as
/// JIS X 8341-3 asks of links to files, and the history says which files each correction added or removed.
enum NoticeAttachmentsView {
    static func list(_ attachments: [NoticeAttachment], notice: Notice, context: PageContext) -> Node<HTML.BodyContext> {
        guard !attachments.isEmpty else { return .empty }
        let base = "/\(context.municipalityCode ?? "")/notices/\(notice.id!.uuidString.lowercased())/attachments"
        return .section(.attr("class", "notice-attachments"),
            .h2(.text(context.t(LocalizedText(ja: "添付ファイル", en: "Attachments")))),
            .ul(.forEach(attachments) { a in
                .li(.a(.attr("href", "\(base)/\(a.id!.uuidString.lowercased())"), .attr("type", mediaType(a.contentType)),
                       .text(a.fileName)),
                    .text("（\(a.typeLabel) \(AttachmentRules.sizeText(a.size))）"))
            }))
    }

    /// 「（添付 追加：a.pdf／削除：b.csv）」 for the files revision `revision` added or removed; empty when none.
    static func changes(in revision: Int, _ history: [NoticeAttachment], context: PageContext) -> String {
        let added = history.filter { $0.addedInRevision == revision }.map(\.fileName)
        let removed = history.filter { $0.removedInRevision == revision }.map(\.fileName)
        guard !added.isEmpty || !removed.isEmpty else { return "" }
        var parts: [String] = []
        if !added.isEmpty { parts.append(context.t(LocalizedText(ja: "追加：", en: "added: ")) + added.joined(separator: "、")) }
        if !removed.isEmpty { parts.append(context.t(LocalizedText(ja: "削除：", en: "removed: ")) + removed.joined(separator: "、")) }
        return context.t(LocalizedText(ja: "（添付ファイル ", en: " (attachments ")) + parts.joined(separator: context.t(LocalizedText(ja: "／", en: "; "))) + context.t(LocalizedText(ja: "）", en: ")"))
    }

    /// The media type without parameters, for a link's `type`.
    static func mediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
    }
}
