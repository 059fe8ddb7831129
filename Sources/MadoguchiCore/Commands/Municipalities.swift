import FluentKit
import Foundation

/// Creating and finding municipalities (tenants).
public struct Municipalities: Sendable {
    let audit: any AuditTrail
    public init(audit: any AuditTrail) { self.audit = audit }

    /// The attributes of a new municipality, as typed by a system administrator or read from seed data.
    public struct Draft: Sendable, Codable {
        public var code: String
        public var name: String
        public var nameEnglish: String
        public var prefecture: String
        public var population: Int
        public var fiscalYearStartMonth: Int
        public init(code: String, name: String, nameEnglish: String, prefecture: String, population: Int,
                    fiscalYearStartMonth: Int = 4) {
            self.code = code
            self.name = name
            self.nameEnglish = nameEnglish
            self.prefecture = prefecture
            self.population = population
            self.fiscalYearStartMonth = fiscalYearStartMonth
        }

        /// Every problem at once, each naming its field.
        public func problems() -> [FieldProblem] {
            var problems: [FieldProblem] = []
            do { _ = try MunicipalityCode(code) } catch {
                problems.append(FieldProblem(field: "code", message: LocalizedText(ja: error.message, en: "Invalid municipality code")))
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(FieldProblem(field: "name", message: LocalizedText(ja: "団体名を入力してください", en: "Enter a name")))
            }
            if prefecture.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(FieldProblem(field: "prefecture", message: LocalizedText(ja: "都道府県名を入力してください", en: "Enter the prefecture")))
            }
            if population < 0 {
                problems.append(FieldProblem(field: "population", message: LocalizedText(ja: "人口は0以上の整数です", en: "Population cannot be negative")))
            }
            if !(1...12).contains(fiscalYearStartMonth) {
                problems.append(FieldProblem(field: "fiscal_year_start_month", message: LocalizedText(ja: "年度開始月は1〜12です", en: "Fiscal year start month is 1–12")))
            }
            return problems
        }
    }

    /// Every municipality of the deployment, by code.
    public func all(on db: any Database) async throws -> [Municipality] {
        try await Municipality.query(on: db).sort(\.$code).all()
    }

    public func find(code: String, on db: any Database) async throws -> Municipality? {
        try await Municipality.query(on: db).filter(\.$code == code).first()
    }

    /// Creates a municipality or reports every problem with the draft.
    public func create(_ draft: Draft, by actor: Actor, origin: RequestOrigin, on db: any Database) async throws -> Municipality {
        if let first = draft.problems().first {
            throw CoreError(.invalidInput, ja: first.message.ja, en: first.message.en, field: first.field)
        }
        let code = try MunicipalityCode(draft.code)
        if try await find(code: code.rawValue, on: db) != nil {
            throw CoreError(.conflict, ja: "そのコードの団体は登録済みです", en: "That municipality already exists", field: "code")
        }
        let municipality = Municipality(code: code, name: draft.name, nameEnglish: draft.nameEnglish,
                                        prefecture: draft.prefecture, population: draft.population,
                                        fiscalYearStartMonth: draft.fiscalYearStartMonth)
        try await db.transaction { tx in
            try await municipality.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipality.id, actor: actor, action: "municipality.create",
                                              targetType: "municipality", targetID: code.rawValue, origin: origin), on: tx)
        }
        return municipality
    }

    /// Adds a department (部 or 課) to a municipality.
    @discardableResult
    public func addDepartment(to municipality: Municipality, code: String, name: String, nameEnglish: String,
                              parent: Department? = nil, by actor: Actor, origin: RequestOrigin,
                              on db: any Database) async throws -> Department {
        let department = Department(municipalityID: try municipality.requireID(), parentID: parent?.id, code: code,
                                    name: name, nameEnglish: nameEnglish)
        try await db.transaction { tx in
            try await department.create(on: tx)
            try await audit.record(AuditEvent(municipalityID: municipality.id, actor: actor, action: "department.create",
                                              targetType: "department", targetID: department.id!.uuidString, origin: origin), on: tx)
        }
        return department
    }
}
