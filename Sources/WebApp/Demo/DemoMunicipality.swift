import FluentKit
import Foundation
import MadoguchiCore
import Vapor

/// The demo municipality (国立市, 132152) with its departments and one account per role, loaded
/// on first start so a fresh install can be tried at once. Demo passwords are random and written
/// to a file readable only by the owner, never to the log.
enum DemoMunicipality {
    static let draft = Municipalities.Draft(code: "132152", name: "国立市", nameEnglish: "Kunitachi City",
                                            prefecture: "東京都", population: 76_000)

    static let departments: [(code: String, name: String, english: String)] = [
        ("seisaku-keiei", "政策経営課", "Policy and Management Division"),
        ("gyosei-kanri", "行政管理課", "Administrative Management Division"),
        ("shimin", "市民課", "Residents Division"),
        ("hoken-nenkin", "保険年金課", "Insurance and Pension Division"),
        ("kosodate", "子育て支援課", "Child-Rearing Support Division"),
        ("koreisha", "高齢者支援課", "Elderly Support Division"),
        ("kazei", "課税課", "Taxation Division"),
        ("bosai", "防災安全課", "Disaster Prevention Division"),
    ]

    static let accounts: [(login: String, name: String, role: Role, department: String?)] = [
        ("sysadmin", "システム管理者", .systemAdministrator, nil),
        ("admin", "団体管理者", .municipalityAdministrator, "gyosei-kanri"),
        ("shimin", "市民課職員", .departmentStaff, "shimin"),
        ("madoguchi", "窓口職員", .counterStaff, "shimin"),
        ("privacy", "個人情報保護担当", .privacyOfficer, "gyosei-kanri"),
        ("auditor", "監査担当", .auditor, nil),
    ]

    /// Loads the demo when no municipality exists yet; does nothing otherwise.
    static func loadIfEmpty(app: Application, credentialsDirectory: String) async throws {
        guard try await Municipality.query(on: app.db).count() == 0 else { return }
        let services = app.madoguchi
        let municipality = try await services.municipalities.create(draft, by: .system, origin: .none, on: app.db)
        var departmentIDs: [String: UUID] = [:]
        for d in departments {
            let department = try await services.municipalities.addDepartment(
                to: municipality, code: d.code, name: d.name, nameEnglish: d.english, by: .system, origin: .none, on: app.db)
            departmentIDs[d.code] = department.id
        }
        try await DemoOpenData.load(app: app, municipality: municipality, departmentIDs: departmentIDs)
        if let bosai = departmentIDs["bosai"] { try await DemoShelters.load(app: app, municipality: municipality, departmentID: bosai) }
        try await DemoMeasure.load(app: app, municipality: municipality)
        try await DemoProgramme.load(app: app, municipality: municipality)
        try await DemoSurvey.load(app: app, municipality: municipality)
        var lines = ["# Madoguchi demo accounts for \(municipality.name) — sign in at /\(municipality.code)/staff/login",
                     "# Change these passwords, or start with MADOGUCHI_DEMO=false in production."]
        for account in accounts {
            let password = randomPassword()
            try await services.staffAccounts.create(
                municipalityID: municipality.requireID(), departmentID: account.department.flatMap { departmentIDs[$0] },
                loginName: account.login, displayName: account.name, password: password, roles: [account.role],
                by: .system, origin: .none, on: app.db)
            lines.append("\(account.login)\t\(password)\t\(account.role.rawValue)")
        }
        let path = credentialsDirectory + "/demo-credentials.txt"
        FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
        app.logger.notice("demo municipality loaded; demo staff passwords are in the credentials file",
                          metadata: ["municipality": .string(municipality.code), "file": .string(path)])
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
