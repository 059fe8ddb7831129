import FluentKit
import Foundation
import MadoguchiCore

/// An alert as staff typed it.
public struct AlertInput: Sendable {
    /// `3`, `4` or `5`.
    public var level: String
    public var areaCodes: [String]
    /// Households and people concerned; empty: summed from the areas' own figures.
    public var households: String
    public var people: String
    /// What residents should do; empty: the level's standard wording.
    public var instruction: String
    public var instructionEnglish: String

    public init(level: String, areaCodes: [String], households: String = "", people: String = "", instruction: String = "",
                instructionEnglish: String = "") {
        self.level = level
        self.areaCodes = areaCodes
        self.households = households
        self.people = people
        self.instruction = instruction
        self.instructionEnglish = instructionEnglish
    }
}

/// Issues, updates and lifts evacuation alerts; each step writes its CAP 1.2 message and an audit
/// entry in one transaction.
public struct AlertCommands: Sendable {
    let audit: any AuditTrail
    /// The site's public address (`https://city.example.jp`), for the messages' `web`.
    let publicURL: String
    let now: @Sendable () -> Date

    public init(audit: any AuditTrail, publicURL: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.audit = audit
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.now = now
    }

    /// CAP `sender` of a municipality's messages.
    public static func sender(municipalityCode: String) -> String { "madoguchi.\(municipalityCode)" }

    public func issue(municipality: Municipality, _ input: AlertInput, by actor: Actor, origin: RequestOrigin = .none,
                      on database: any Database) async throws -> EvacuationAlert {
        let municipalityID = try municipality.requireID()
        let valid = try await validate(input, municipalityID: municipalityID, on: database)
        let alert = EvacuationAlert()
        alert.municipalityID = municipalityID
        let at = CAPTime.wholeSeconds(now())
        alert.issuedAt = at
        alert.issuedBy = actor.reference
        alert.active = true
        apply(valid, to: alert, at: at)
        try await database.transaction { db in
            try await alert.create(on: db)
            try await writeMessage(for: alert, type: .alert, issuance: .issue, municipality: municipality, areas: valid.areas, on: db)
            try await record("notices.alert.issue", alert, actor, origin, on: db)
        }
        NoticeFanOuts.wake()
        return alert
    }

    /// Changes the level, areas or figures of an active alert (a CAP `Update`).
    public func update(_ id: UUID, municipality: Municipality, _ input: AlertInput, by actor: Actor, origin: RequestOrigin = .none,
                       on database: any Database) async throws -> EvacuationAlert {
        let municipalityID = try municipality.requireID()
        let alert = try await find(id, municipalityID: municipalityID, on: database)
        guard alert.active else { throw NoticesError.alreadyLifted }
        let valid = try await validate(input, municipalityID: municipalityID, on: database)
        try await database.transaction { db in
            apply(valid, to: alert, at: CAPTime.wholeSeconds(now()))
            try await alert.save(on: db)
            try await writeMessage(for: alert, type: .update, issuance: .issue, municipality: municipality, areas: valid.areas, on: db)
            try await record("notices.alert.update", alert, actor, origin, on: db)
        }
        NoticeFanOuts.wake()
        return alert
    }

    /// Lifts an alert (解除; a CAP `Cancel` of its earlier messages).
    public func lift(_ id: UUID, municipality: Municipality, by actor: Actor, origin: RequestOrigin = .none,
                     on database: any Database) async throws -> EvacuationAlert {
        let municipalityID = try municipality.requireID()
        let alert = try await find(id, municipalityID: municipalityID, on: database)
        guard alert.active else { throw NoticesError.alreadyLifted }
        let areas = try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID)
            .filter(\.$code ~~ alert.areaCodes).sort(\.$code).all()
        try await database.transaction { db in
            let at = CAPTime.wholeSeconds(now())
            alert.active = false
            alert.liftedAt = at
            alert.updatedAt = at
            try await alert.save(on: db)
            try await writeMessage(for: alert, type: .cancel, issuance: .lift, municipality: municipality, areas: areas, on: db)
            try await record("notices.alert.lift", alert, actor, origin, on: db)
        }
        NoticeFanOuts.wake()
        return alert
    }

    private struct Valid {
        var level: AlertLevel, areas: [NoticeArea], households: Int?, people: Int?, instruction: String?, instructionEnglish: String?
    }

    private func validate(_ input: AlertInput, municipalityID: UUID, on database: any Database) async throws -> Valid {
        var problems: [FieldProblem] = []
        let level = Int(input.level.trimmingCharacters(in: .whitespaces)).flatMap(AlertLevel.init(rawValue:))
        if level == nil {
            problems.append(FieldProblem(field: "level", message: LocalizedText(
                ja: "「警戒レベル」を選んでください（レベル3・4・5）。", en: "Alert level: choose level 3, 4 or 5.")))
        }
        let codes = Array(Set(input.areaCodes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        var areas: [NoticeArea] = []
        if codes.isEmpty {
            problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を1つ以上選んでください。", en: "Areas: choose at least one.")))
        } else if codes.count > NoticeInput.maxAreas || !codes.allSatisfy(NoticeArea.isValidCode) {
            problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
        } else {
            areas = try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code ~~ codes).sort(\.$code).all()
            if areas.count != codes.count {
                problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
            }
        }
        let households = NoticeInputParsing.count(input.households, field: "households", label: "対象世帯数", labelEnglish: "Households", problems: &problems)
        let people = NoticeInputParsing.count(input.people, field: "people", label: "対象人数", labelEnglish: "People", problems: &problems)
        func text(_ raw: String, field: String, ja: String, en: String) -> String? {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return nil }
            guard value.count <= 1000, !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
                problems.append(FieldProblem(field: field, message: LocalizedText(ja: "「\(ja)」は1000文字以内で入力してください。", en: "\(en): at most 1,000 characters.")))
                return nil
            }
            return value
        }
        let instruction = text(input.instruction, field: "instruction", ja: "住民への指示", en: "Instruction")
        let instructionEnglish = text(input.instructionEnglish, field: "instruction_en", ja: "住民への指示（英語）", en: "Instruction (English)")
        guard problems.isEmpty, let level else { throw NoticesInputProblems(problems) }
        func sum(_ values: [Int?]) -> Int? { values.contains(nil) || values.isEmpty ? nil : values.reduce(0) { $0 + $1! } }
        return Valid(level: level, areas: areas, households: households ?? sum(areas.map(\.households)),
                     people: people ?? sum(areas.map(\.population)), instruction: instruction, instructionEnglish: instructionEnglish)
    }

    private func apply(_ valid: Valid, to alert: EvacuationAlert, at date: Date) {
        alert.levelRaw = valid.level.rawValue
        alert.areaCodesText = AreaCodes.encode(valid.areas.map(\.code))
        alert.households = valid.households
        alert.people = valid.people
        alert.instruction = valid.instruction ?? valid.level.defaultInstruction.ja
        alert.instructionEnglish = valid.instructionEnglish ?? valid.level.defaultInstruction.en
        alert.updatedAt = date
    }

    private func writeMessage(for alert: EvacuationAlert, type: AlertMessage.MessageType, issuance: AlertIssuance,
                              municipality: Municipality, areas: [NoticeArea], on db: any Database) async throws {
        let alertID = try alert.requireID()
        let earlier = try await AlertMessage.query(on: db).filter(\.$alertID == alertID).sort(\.$sequence).all()
        let sender = Self.sender(municipalityCode: municipality.code)
        // A message's `sent` is after every earlier one's (references must point back in time).
        var sent = CAPTime.wholeSeconds(now())
        if let last = earlier.last, sent <= last.sent { sent = last.sent.addingTimeInterval(1) }
        let messageID = UUID()
        let identifier = "\(municipality.code)-alert-\(messageID.uuidString.lowercased())"
        let document = CAPDocument(
            identifier: identifier, sender: sender, sent: sent, messageType: type,
            references: earlier.map { CAPDocument.Reference(sender: sender, identifier: $0.identifier, sent: $0.sent) },
            level: alert.level, issuance: issuance, municipalityCode: municipality.code,
            senderName: LocalizedText(ja: municipality.name, en: municipality.nameEnglish),
            areaNames: LocalizedText(ja: areas.map(\.name).joined(separator: "、"), en: areas.map(\.nameEnglish).joined(separator: ", ")),
            households: alert.households, people: alert.people,
            instruction: LocalizedText(ja: alert.instruction, en: alert.instructionEnglish),
            web: "\(publicURL)/\(municipality.code)/alerts")
        let message = AlertMessage()
        message.id = messageID
        message.municipalityID = alert.municipalityID
        message.alertID = alertID
        message.sequence = (earlier.last?.sequence ?? 0) + 1
        message.messageType = type
        message.identifier = identifier
        message.sent = sent
        message.issuance = issuance.rawValue
        message.level = alert.levelRaw
        message.areaCodesText = alert.areaCodesText
        message.households = alert.households
        message.people = alert.people
        message.document = document.xml
        try await message.create(on: db)
        try await NoticeFanOuts.record(alertMessage: message, on: db)
    }

    private func find(_ id: UUID, municipalityID: UUID, on database: any Database) async throws -> EvacuationAlert {
        guard let alert = try await EvacuationAlert.query(on: database).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
        else { throw NoticesError.alertNotFound }
        return alert
    }

    private func record(_ action: String, _ alert: EvacuationAlert, _ actor: Actor, _ origin: RequestOrigin, on db: any Database) async throws {
        try await audit.record(AuditEvent(municipalityID: alert.municipalityID, actor: actor, action: action, targetType: EvacuationAlert.schema,
                                          targetID: alert.id?.uuidString.lowercased(),
                                          details: ["level": String(alert.levelRaw), "areas": String(alert.areaCodes.count)], origin: origin), on: db)
    }
}
