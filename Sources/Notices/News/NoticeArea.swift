import FluentKit
import MadoguchiCore
import Foundation

/// A district of the municipality (町丁・地区) that notices and alerts target, with the households
/// and people it holds (L-Alert's 対象世帯数・人数 are summed from these unless staff give them).
public final class NoticeArea: Model, @unchecked Sendable {
    public static let schema = "notices_areas"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// A short stable code used in URLs and feeds (`naka-1`), `a-z0-9-`, 1–40 characters.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "name_en") public var nameEnglish: String
    @OptionalField(key: "households") public var households: Int?
    @OptionalField(key: "population") public var population: Int?

    public init() {}

    public init(municipalityID: UUID, code: String, name: String, nameEnglish: String, households: Int? = nil, population: Int? = nil) {
        self.municipalityID = municipalityID
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
        self.households = households
        self.population = population
    }

    /// Whether `code` is a valid area code: 1–40 of `a-z`, `0-9` and `-`.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 40 && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// A set of area codes as stored in one column: `""` for the whole municipality, else `|a|b|`, so
/// that "targets area x" is `area_codes = '' OR area_codes LIKE '%|x|%'` on both engines (codes hold
/// no LIKE wildcard).
public enum AreaCodes {
    public static func encode(_ codes: [String]) -> String {
        codes.isEmpty ? "" : "|" + codes.joined(separator: "|") + "|"
    }

    public static func decode(_ stored: String) -> [String] {
        stored.split(separator: "|").map(String.init)
    }
}

/// Adding and listing areas.
public struct NoticeAreas: Sendable {
    let audit: any AuditTrail

    public init(audit: any AuditTrail) { self.audit = audit }

    public static func all(municipalityID: UUID, on database: any Database) async throws -> [NoticeArea] {
        try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).sort(\.$code).all()
    }

    /// One area by code, or nil.
    public static func area(code: String, municipalityID: UUID, on database: any Database) async throws -> NoticeArea? {
        try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code == code).first()
    }

    /// Adds an area; every problem comes back at once (`NoticesInputProblems`), nothing is saved then.
    @discardableResult
    public func add(municipalityID: UUID, code rawCode: String, name rawName: String, nameEnglish rawEnglish: String,
                    households: String = "", population: String = "", by actor: Actor, origin: RequestOrigin = .none,
                    on database: any Database) async throws -> NoticeArea {
        let code = rawCode.trimmingCharacters(in: .whitespaces), name = rawName.trimmingCharacters(in: .whitespaces)
        let english = rawEnglish.trimmingCharacters(in: .whitespaces)
        var problems: [FieldProblem] = []
        if !NoticeArea.isValidCode(code) {
            problems.append(FieldProblem(field: "code", message: LocalizedText(
                ja: "「地区コード」は1〜40文字の半角英小文字・数字・- で入力してください。", en: "Area code: 1–40 of a–z, 0–9 and -.")))
        } else if try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code == code).count() > 0 {
            problems.append(FieldProblem(field: "code", message: LocalizedText(ja: "その「地区コード」は使われています。", en: "That area code is taken.")))
        }
        if name.isEmpty || name.count > 60 {
            problems.append(FieldProblem(field: "name", message: LocalizedText(ja: "「地区名」を60文字以内で入力してください。", en: "Area name: 1–60 characters.")))
        }
        if english.count > 60 {
            problems.append(FieldProblem(field: "name_en", message: LocalizedText(ja: "「地区名（英語）」は60文字以内で入力してください。", en: "English name: at most 60 characters.")))
        }
        let householdCount = NoticeInputParsing.count(households, field: "households", label: "世帯数", labelEnglish: "Households", problems: &problems)
        let populationCount = NoticeInputParsing.count(population, field: "population", label: "人数", labelEnglish: "People", problems: &problems)
        guard problems.isEmpty else { throw NoticesInputProblems(problems) }
        let area = NoticeArea(municipalityID: municipalityID, code: code, name: name, nameEnglish: english.isEmpty ? code : english,
                              households: householdCount, population: populationCount)
        try await database.transaction { db in
            try await area.create(on: db)
            try await audit.record(AuditEvent(municipalityID: municipalityID, actor: actor, action: "notices.area.create",
                                              targetType: NoticeArea.schema, targetID: code, origin: origin), on: db)
        }
        return area
    }
}
