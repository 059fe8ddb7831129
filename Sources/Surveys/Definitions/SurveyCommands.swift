import FluentKit
import Foundation
import MadoguchiCore

/// Creating surveys, opening and closing them, and generating invitation codes; each audited in
/// its transaction.
public struct SurveyCommands: Sendable {
    /// At most this many codes per generation (a print run).
    public static let maxCodes = 5000
    public let audit: any AuditTrail
    /// The indicators a question may feed.
    public let indicators: Set<String>

    public init(audit: any AuditTrail, indicators: Set<String> = Set(SurveyIndicators.all.map(\.id))) {
        self.audit = audit
        self.indicators = indicators
    }

    @discardableResult
    public func create(_ draft: SurveyDraft, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                       on db: any Database) async throws -> Survey {
        let checked = try draft.validated(indicators: indicators)
        let survey = Survey()
        survey.municipalityID = municipalityID
        survey.fiscalYear = checked.year
        survey.titleJA = checked.title.ja
        survey.titleEN = checked.title.en
        survey.definitionJSON = String(decoding: try JSONEncoder().encode(checked.definition), as: UTF8.self)
        survey.isOpen = true
        survey.createdAt = Date()
        try await db.transaction { tx in
            try await survey.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "surveys.survey.create",
                                              targetType: Survey.schema, targetID: try survey.requireID().uuidString.lowercased(),
                                              details: ["fiscal_year": String(checked.year)], origin: origin), on: tx)
        }
        return survey
    }

    /// Opens or closes a survey for answers.
    public func setOpen(_ open: Bool, surveyID: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                        on db: any Database) async throws {
        try await db.transaction { tx in
            guard let survey = try await SurveyQueries.find(surveyID, municipalityID: municipalityID, on: tx) else { throw SurveysError.notFound }
            survey.isOpen = open
            try await survey.save(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: open ? "surveys.survey.open" : "surveys.survey.close",
                                              targetType: Survey.schema, targetID: surveyID.uuidString.lowercased(), origin: origin), on: tx)
        }
    }

    /// `count` new codes for the survey, returned once (to print and mail) and stored only hashed.
    public func generateCodes(_ countText: String, surveyID: UUID, municipalityID: UUID, by actor: Actor, origin: RequestOrigin = .none,
                              on db: any Database) async throws -> [String] {
        let digits = JapaneseText.halfWidthDigits(countText.trimmingCharacters(in: .whitespaces))
        guard digits.count <= 5, let count = Int(digits), (1...Self.maxCodes).contains(count) else {
            throw SurveysError.invalid("count", ja: "発行数を1〜\(Self.maxCodes)の数字で入力してください", en: "Enter a number of codes from 1 to \(Self.maxCodes)")
        }
        let codes = (0..<count).map { _ in InvitationCode.generate() }
        try await db.transaction { tx in
            guard try await SurveyQueries.find(surveyID, municipalityID: municipalityID, on: tx) != nil else { throw SurveysError.notFound }
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }) {
                let rows = chunk.map { code -> SurveyInvitation in
                    let invitation = SurveyInvitation()
                    invitation.surveyID = surveyID
                    invitation.codeHash = InvitationCode.hash(code)!
                    invitation.used = false
                    return invitation
                }
                try await rows.create(on: tx)
            }
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "surveys.codes.generate",
                                              targetType: Survey.schema, targetID: surveyID.uuidString.lowercased(),
                                              details: ["count": String(count)], origin: origin), on: tx)
        }
        return codes
    }

    /// The codes as a CSV to print (番号, 招待コード).
    public static func csv(_ codes: [String]) -> String {
        CSVWriter.document(header: ["番号", "招待コード"], rows: codes.enumerated().map { [String($0.offset + 1), $0.element] })
    }
}

/// Reading surveys.
public enum SurveyQueries {
    public static func find(_ id: UUID, municipalityID: UUID, on db: any Database) async throws -> Survey? {
        try await Survey.query(on: db).filter(\.$id == id).filter(\.$municipalityID == municipalityID).first()
    }

    public static func list(municipalityID: UUID, on db: any Database) async throws -> [Survey] {
        try await Survey.query(on: db).filter(\.$municipalityID == municipalityID).sort(\.$fiscalYear, .descending).sort(\.$createdAt, .descending).all()
    }

    /// The surveys taking answers now, for the public page that points residents with a letter to them.
    public static func open(municipalityID: UUID, on db: any Database) async throws -> [Survey] {
        try await Survey.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$isOpen == true)
            .sort(\.$fiscalYear, .descending).limit(10).all()
    }

    /// Codes issued and used (how many answered by code).
    public static func codeCounts(surveyID: UUID, on db: any Database) async throws -> (issued: Int, used: Int) {
        let issued = try await SurveyInvitation.query(on: db).filter(\.$surveyID == surveyID).count()
        let used = try await SurveyInvitation.query(on: db).filter(\.$surveyID == surveyID).filter(\.$used == true).count()
        return (issued, used)
    }
}
