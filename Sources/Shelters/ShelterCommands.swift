import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Importing the shelter list and reporting a shelter's status; both audited, in one transaction each.
public struct ShelterCommands: Sendable {
    let audit: any AuditTrail
    let now: @Sendable () -> Date

    public init(audit: any AuditTrail, now: @escaping @Sendable () -> Date = Date.init) {
        self.audit = audit
        self.now = now
    }

    /// What an import changed.
    public struct ImportOutcome: Sendable, Equatable {
        public let added: Int
        public let updated: Int
        public let skipped: [String]
    }

    /// Adds or updates the shelters of `kind` from a standard-layout table, matched on the standard's
    /// `NO`; a shelter's live status is kept. Shelters missing from the table stay (a list that
    /// shrinks by mistake on a disaster night must not erase a reported status).
    public func importTable(_ table: ShelterTable, kind: String, municipalityID: UUID, by actor: Actor,
                            origin: RequestOrigin = .none, on db: any Database) async throws -> ImportOutcome {
        guard Shelter.kinds.contains(kind) else {
            throw SheltersError(.invalidInput, ja: "標準データセットの種類が違います", en: "Unknown kind of shelter dataset", field: "kind")
        }
        let audit = self.audit
        let counts = try await db.transaction { tx -> (added: Int, updated: Int) in
            var added = 0, updated = 0
            let existing = try await Shelter.query(on: tx).filter(\.$municipalityID == municipalityID).filter(\.$kind == kind).all()
            let byID = Dictionary(existing.map { ($0.standardID, $0) }, uniquingKeysWith: { a, _ in a })
            for row in table.rows {
                let shelter = byID[row.standardID] ?? Shelter()
                if shelter.id == nil {
                    shelter.municipalityID = municipalityID
                    shelter.standardID = row.standardID
                    shelter.kind = kind
                    shelter.status = ShelterStatus.notOpened.rawValue
                    shelter.revision = 0
                    added += 1
                } else {
                    updated += 1
                }
                shelter.name = row.name
                shelter.address = row.address
                shelter.area = row.area
                shelter.latitude = row.latitude
                shelter.longitude = row.longitude
                shelter.capacity = row.capacity
                try await shelter.save(on: tx)
            }
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "shelters.import", targetType: Shelter.schema,
                                              targetID: kind, details: ["added": String(added), "updated": String(updated),
                                                                        "skipped": String(table.skipped.count)], origin: origin), on: tx)
            return (added, updated)
        }
        return ImportOutcome(added: counts.added, updated: counts.updated, skipped: table.skipped)
    }

    /// A report that landed: the shelter as it now stands, and its status before the report.
    public struct Reported: Sendable {
        public let shelter: Shelter
        public let previousStatus: ShelterStatus

        /// Whether this report is the one that opened the shelter.
        public var opened: Bool { previousStatus != .open && shelter.shelterStatus == .open }
    }

    /// Records a report on a shelter: its status, head count and households, and the crowding level
    /// (suggested from the head count against the capacity unless staff chose one). Refused with the
    /// fields named when the input is wrong, and with field `revision` when someone else reported on
    /// the shelter since the reporter opened it (nothing is overwritten unseen). Because the update is
    /// conditional on that revision, the row read first is exactly the state the report replaced.
    @discardableResult
    public func report(_ shelterID: UUID, municipalityID: UUID, _ input: ShelterReportInput, by actor: Actor,
                       origin: RequestOrigin = .none, on db: any Database) async throws -> Reported {
        guard let shelter = try await Shelter.query(on: db).filter(\.$id == shelterID).filter(\.$municipalityID == municipalityID).first() else {
            throw SheltersError.shelterNotFound
        }
        let checked: (status: ShelterStatus, headCount: Int?, households: Int?, crowding: Crowding?, overridden: Bool, revision: Int)
        switch input.checked(capacity: shelter.capacity) {
        case .failure(let problems): throw problems
        case .success(let value): checked = value
        }
        let at = now()
        try await db.transaction { tx in
            let txSQL = try tx.sql(for: "a shelter report")
            let claimed = try await txSQL.update(Shelter.schema)
                .set("status", to: checked.status.rawValue)
                .set("head_count", to: checked.headCount)
                .set("households", to: checked.households)
                .set("crowding", to: checked.crowding?.rawValue)
                .set("checked_at", to: at)
                .set("revision", to: SQLBinaryExpression(SQLColumn("revision"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, shelterID)
                .where("revision", .equal, checked.revision)
                .returning("id")
                .all()
            guard !claimed.isEmpty else {
                throw SheltersInputProblems([FieldProblem(field: "revision", message: LocalizedText(
                    ja: "ほかの職員がこの避難所の状況を更新しました。最新の状況を確かめてから入力し直してください",
                    en: "Someone else has just reported on this shelter; check the latest status and report again"))])
            }
            let report = ShelterReport()
            report.shelterID = shelterID
            report.municipalityID = municipalityID
            report.status = checked.status.rawValue
            report.headCount = checked.headCount
            report.households = checked.households
            report.crowding = checked.crowding?.rawValue
            report.crowdingOverridden = checked.overridden
            report.checkedAt = at
            report.reportedBy = actor.reference
            try await report.create(on: tx)
            var details = ["status": checked.status.rawValue]
            if let headCount = checked.headCount { details["head_count"] = String(headCount) }
            if let crowding = checked.crowding { details["crowding"] = crowding.rawValue }
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "shelters.report",
                                              targetType: Shelter.schema, targetID: shelterID.uuidString.lowercased(),
                                              details: details, origin: origin), on: tx)
        }
        let previousStatus = shelter.shelterStatus
        shelter.status = checked.status.rawValue
        shelter.headCount = checked.headCount
        shelter.households = checked.households
        shelter.crowding = checked.crowding?.rawValue
        shelter.checkedAt = at
        shelter.revision = checked.revision + 1
        return Reported(shelter: shelter, previousStatus: previousStatus)
    }
}
