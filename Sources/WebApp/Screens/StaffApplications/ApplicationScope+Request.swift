import Forms
import MadoguchiCore
import Vapor

extension Request {
    /// The desks that handle online forms: each counter of the procedure inventory with the forms
    /// whose procedure it handles (the municipality's own inventory and forms).
    func applicationDesks() async throws -> [(id: String, name: String, forms: [String])] {
        let catalog = try await lifeEventCatalog()
        let forms = try await formCatalog().forms
        let counterOf = Dictionary(catalog.procedures.map { ($0.id, $0.counter) }, uniquingKeysWith: { first, _ in first })
        return catalog.counters.compactMap { counter in
            let handled = forms.filter { counterOf[$0.procedureID] == counter.id }.map(\.id)
            return handled.isEmpty ? nil : (counter.id, counter.name, handled)
        }
    }

    /// The signed-in member's need-to-know scope over online applications.
    func applicationScope() async throws -> ApplicationScope {
        let staff = try requireStaff()
        var deskOfForm: [String: String] = [:]
        for desk in try await applicationDesks() { for form in desk.forms { deskOfForm[form] = desk.id } }
        let department = try await staff.$department.get(on: db)
        return ApplicationScope(municipalityID: try municipality.requireID(), staffID: try staff.requireID(), roles: staff.roles,
                                departmentCode: department?.code, deskOfForm: deskOfForm, policy: Modules.accessPolicy)
    }
}
