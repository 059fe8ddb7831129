import FluentKit
import MadoguchiCore
import Foundation

/// Reads of alerts for the banner, the public pages and the CAP index.
public enum AlertQueries {
    /// An active alert as the banner shows it.
    public struct Active: Sendable, Equatable {
        public var id: UUID
        public var municipalityID: UUID
        public var level: AlertLevel
        public var areaNames: [String]
        public var areaNamesEnglish: [String]
        public var instruction: String
        public var instructionEnglish: String
        public var updatedAt: Date
    }

    /// Every active alert of every municipality, highest level first (one round for the banner cache).
    public static func allActive(on database: any Database) async throws -> [Active] {
        let alerts = try await EvacuationAlert.query(on: database).filter(\.$active == true).all()
        guard !alerts.isEmpty else { return [] }
        let areas = try await NoticeArea.query(on: database).filter(\.$municipalityID ~~ Array(Set(alerts.map(\.municipalityID)))).all()
        var byKey: [String: NoticeArea] = [:]
        for area in areas { byKey["\(area.municipalityID)|\(area.code)"] = area }
        return alerts.map { alert in
            let named = alert.areaCodes.map { byKey["\(alert.municipalityID)|\($0)"] }
            return Active(id: alert.id!, municipalityID: alert.municipalityID, level: alert.level,
                          areaNames: zip(alert.areaCodes, named).map { $1?.name ?? $0 },
                          areaNamesEnglish: zip(alert.areaCodes, named).map { $1?.nameEnglish ?? $0 },
                          instruction: alert.instruction, instructionEnglish: alert.instructionEnglish, updatedAt: alert.updatedAt)
        }.sorted { ($0.level.rawValue, $0.updatedAt) > ($1.level.rawValue, $1.updatedAt) }
    }

    /// The municipality's alerts, newest first (staff).
    public static func all(municipalityID: UUID, limit: Int = 200, on database: any Database) async throws -> [EvacuationAlert] {
        try await EvacuationAlert.query(on: database).filter(\.$municipalityID == municipalityID).sort(\.$issuedAt, .descending).limit(limit).all()
    }

    /// One CAP message of the municipality.
    public static func message(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> AlertMessage? {
        try await AlertMessage.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
    }

    /// The current CAP messages: the latest message of each active alert and of each alert lifted
    /// in the last `liftedWithin` seconds, newest first.
    public static func currentMessages(municipalityID: UUID, now: Date = Date(), liftedWithin: TimeInterval = 86_400,
                                       on database: any Database) async throws -> [AlertMessage] {
        let alerts = try await EvacuationAlert.query(on: database).filter(\.$municipalityID == municipalityID)
            .group(.or) { $0.filter(\.$active == true).filter(\.$liftedAt >= now.addingTimeInterval(-liftedWithin)) }.all()
        guard !alerts.isEmpty else { return [] }
        let messages = try await AlertMessage.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$alertID ~~ alerts.compactMap(\.id)).sort(\.$sequence, .descending).all()
        var latest: [UUID: AlertMessage] = [:]
        for message in messages where latest[message.alertID] == nil { latest[message.alertID] = message }
        return latest.values.sorted { ($0.sent, $0.identifier) > ($1.sent, $1.identifier) }
    }

    /// Every message of one alert, in order.
    public static func messages(ofAlert id: UUID, municipalityID: UUID, on database: any Database) async throws -> [AlertMessage] {
        try await AlertMessage.query(on: database).filter(\.$alertID == id).filter(\.$municipalityID == municipalityID).sort(\.$sequence).all()
    }
}
