import FluentKit
import Foundation
import MadoguchiCore
@testable import WebApp

extension TestApp {
    /// Makes a test account a member of a department of 国立市 (created when missing): the section whose
    /// applications and counter sessions it then sees (need-to-know).
    @discardableResult
    func place(_ login: String, inDepartment code: String) async throws -> Department {
        let municipalityID = try kunitachi.requireID()
        let department: Department
        if let existing = try await Department.query(on: app.db).filter(\.$municipality.$id == municipalityID).filter(\.$code == code).first() {
            department = existing
        } else {
            department = Department(municipalityID: municipalityID, code: code, name: code, nameEnglish: code)
            try await department.create(on: app.db)
        }
        guard let staff = try await Staff.query(on: app.db).filter(\.$municipality.$id == municipalityID).filter(\.$loginName == login).first() else {
            throw TestFixtureError.noSuchAccount(login)
        }
        staff.$department.id = try department.requireID()
        try await staff.save(on: app.db)
        return department
    }

    /// 防災安全課 of 国立市, the department most catalogue tests publish under (added through the command,
    /// so audited as in production).
    @discardableResult
    func addDisasterPreventionDepartment() async throws -> Department {
        try await app.madoguchi.municipalities.addDepartment(to: kunitachi, code: "bousai", name: "防災安全課",
                                                             nameEnglish: "Disaster Prevention", by: .system, origin: .none, on: app.db)
    }

    /// A further account of 国立市 with `roles`, signing in with `password`.
    @discardableResult
    func addStaff(_ login: String, roles: Set<Role>, department code: String? = nil) async throws -> Staff {
        let staff = try await app.madoguchi.staffAccounts.create(municipalityID: kunitachi.requireID(), departmentID: nil, loginName: login,
                                                                displayName: login, password: password, roles: roles, by: .system,
                                                                origin: .none, on: app.db)
        if let code { try await place(login, inDepartment: code) }
        return staff
    }
}

enum TestFixtureError: Error { case noSuchAccount(String) }
