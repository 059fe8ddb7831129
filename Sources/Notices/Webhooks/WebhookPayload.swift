import FluentKit
import Foundation
import MadoguchiCore

/// The JSON document a webhook receives for one publication, correction or alert message
/// (documented in the README): what a bridge needs to repost it without reading the page. Times
/// are Japan time with `+09:00`. Absent versions (easy Japanese, English) are left out, not empty.
struct WebhookPayload: Encodable, Sendable {
    struct Area: Encodable, Sendable {
        let code: String
        let name: String
        let nameEn: String
    }
    struct Version: Encodable, Sendable {
        let title: String
        let body: String
    }
    struct Alert: Encodable, Sendable {
        let level: Int
        let name: String
        let nameEn: String
        /// 発令 or 解除.
        let issuance: String
        /// `Alert`, `Update` or `Cancel`, as in the CAP message.
        let messageType: String
        let capURL: String
        let households: Int?
        let people: Int?

        enum CodingKeys: String, CodingKey {
            case level, name, nameEn = "name_en", issuance, messageType = "message_type", capURL = "cap_url", households, people
        }
    }

    /// `notice.published`, `notice.corrected`, `alert.issued`, `alert.updated`, `alert.lifted`.
    let event: String
    /// `notice` or `alert`.
    let kind: String
    /// The notice's id, or the alert's (the same for its issue, updates and lift).
    let id: String
    /// The CAP message's id for an alert message.
    let messageID: String?
    let municipalityCode: String
    /// The permanent URL: the notice's page, or the alerts page.
    let url: String
    /// The notice's category (`kurashi`, `bosai` …); nil for alerts.
    let category: String?
    /// Empty for the whole municipality.
    let areas: [Area]
    let title: String
    /// The notice's text (its Markdown source, as residents read it), or the alert's instruction.
    let body: String
    let easyJapanese: Version?
    let english: Version?
    let alert: Alert?
    /// The notice's revision (1 for the first publication).
    let revision: Int?
    let publishedAt: String
    let updatedAt: String

    enum CodingKeys: String, CodingKey {
        case event, kind, id, messageID = "message_id", municipalityCode = "municipality_code", url, category, areas, title, body
        case easyJapanese = "easy_japanese", english, alert, revision, publishedAt = "published_at", updatedAt = "updated_at"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The revision a fan-out's source names (`notice:<id>:<n>`).
    static func revision(of source: String) -> Int? {
        guard source.hasPrefix("notice:"), let last = source.split(separator: ":").last else { return nil }
        return Int(last)
    }

    static func load(_ fanOut: NoticeFanOut, publicURL: String, on db: any Database) async throws -> WebhookPayload? {
        guard let municipality = try await Municipality.find(fanOut.municipalityID, on: db) else { return nil }
        let base = "\(publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL)/\(municipality.code)"
        func areas(_ text: String) async throws -> [Area] {
            try await NoticeArea.query(on: db).filter(\.$municipalityID == fanOut.municipalityID)
                .filter(\.$code ~~ AreaCodes.decode(text)).sort(\.$code).all()
                .map { Area(code: $0.code, name: $0.name, nameEn: $0.nameEnglish) }
        }
        switch fanOut.kind {
        case .notice:
            guard let notice = try await Notice.find(fanOut.subjectID, on: db), notice.state == .published,
                  let revisionNumber = revision(of: fanOut.source),
                  let kept = try await NoticeRevision.query(on: db).filter(\.$noticeID == fanOut.subjectID)
                    .filter(\.$revision == revisionNumber).first()
            else { return nil }
            let id = try notice.requireID().uuidString.lowercased()
            let published = notice.visibleFrom ?? kept.savedAt
            return WebhookPayload(
                event: revisionNumber > 1 ? "notice.corrected" : "notice.published", kind: "notice", id: id, messageID: nil,
                municipalityCode: municipality.code, url: "\(base)/notices/\(id)", category: kept.categoryRaw,
                areas: try await areas(kept.areaCodesText), title: kept.title, body: kept.body,
                easyJapanese: kept.titleEasy.map { Version(title: $0, body: kept.bodyEasy ?? "") },
                english: kept.titleEnglish.map { Version(title: $0, body: kept.bodyEnglish ?? "") },
                alert: nil, revision: revisionNumber, publishedAt: CAPTime.format(published),
                updatedAt: CAPTime.format(revisionNumber > 1 ? kept.savedAt : published))
        case .alert:
            guard let message = try await AlertMessage.find(fanOut.subjectID, on: db),
                  let alert = try await EvacuationAlert.find(message.alertID, on: db) else { return nil }
            let level = AlertLevel(rawValue: message.level) ?? .evacuationOrder
            let lifted = message.issuance == AlertIssuance.lift.rawValue
            let messageID = try message.requireID().uuidString.lowercased()
            let event = lifted ? "alert.lifted" : message.sequence > 1 ? "alert.updated" : "alert.issued"
            return WebhookPayload(
                event: event, kind: "alert", id: try alert.requireID().uuidString.lowercased(), messageID: messageID,
                municipalityCode: municipality.code, url: "\(base)/alerts", category: nil, areas: try await areas(message.areaCodesText),
                title: "\(lifted ? "解除 " : "")警戒レベル\(level.rawValue) \(level.name.ja)", body: lifted ? "" : alert.instruction,
                easyJapanese: nil,
                english: Version(title: "\(lifted ? "Lifted: " : "")Alert level \(level.rawValue) \(level.name.en)",
                                 body: lifted ? "" : alert.instructionEnglish),
                alert: Alert(level: level.rawValue, name: level.name.ja, nameEn: level.name.en, issuance: message.issuance,
                             messageType: message.messageType.rawValue, capURL: "\(base)/alerts/cap/\(messageID).xml",
                             households: message.households, people: message.people),
                revision: nil, publishedAt: CAPTime.format(alert.issuedAt), updatedAt: CAPTime.format(message.sent))
        }
    }
}
