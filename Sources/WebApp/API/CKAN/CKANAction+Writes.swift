import Catalog
import Foundation
import MadoguchiCore
import Vapor

/// The write actions (package_create/update/patch/delete, resource_create): each needs an API
/// token whose owner holds the permission, and runs one `DatasetCommands` command.
extension CKANAction {
    func write() async throws -> Response {
        let staff = try require(CatalogPermission.editDatasets)
        let actor = Actor.staff(try staff.requireID())
        var dataset: Dataset
        if action == "package_create" {
            let department = try await ownerDepartment(staff)
            dataset = try await commands.create(municipalityID: catalog.municipalityID, try input(department: department, base: nil),
                                                by: actor, origin: req.origin, on: req.db)
        } else {
            guard let id = params.string("id") ?? params.string("name") else { throw CKANFailure.missing("id") }
            guard let existing = try await catalog.dataset(id, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(id)") }
            try allowed(staff, existing, asked: id)
            if action == "package_update" {
                let department = params.string("owner_org") != nil ? try await ownerDepartment(staff) : existing.departmentID
                dataset = try await commands.update(existing.requireID(), municipalityID: catalog.municipalityID,
                                                    try input(department: department, base: nil), by: actor, origin: req.origin, on: req.db)
            } else {
                let params = self.params
                dataset = try await commands.patch(existing.requireID(), municipalityID: catalog.municipalityID, by: actor, origin: req.origin, on: req.db) { d in
                    if let v = params.string("title") { d.title = v }
                    if let v = params.string("notes") { d.notes = v }
                    if let v = params.string("license_id") { d.licenseID = v }
                    if let v = params.string("url") { d.landingPage = v }
                    if let v = params.string("version") { d.version = v }
                    if let v = params.names("tags") { d.tags = v }
                    if let v = params.names("groups") { d.categories = v }
                }
            }
        }
        // CKAN datasets are public unless `private`; here publishing is a permission of its own.
        if params.bool("private") == false, dataset.state == .draft, Modules.accessPolicy.allows(staff.roles, CatalogPermission.publishDatasets) {
            dataset = try await commands.publish(dataset.requireID(), municipalityID: catalog.municipalityID, by: actor, origin: req.origin, on: req.db)
        }
        return try ok(try await catalog.package(dataset))
    }

    func delete() async throws -> Response {
        let staff = try require(CatalogPermission.deleteDatasets)
        guard let id = params.string("id") else { throw CKANFailure.missing("id") }
        guard let dataset = try await catalog.dataset(id, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(id)") }
        try await commands.delete(dataset.requireID(), municipalityID: catalog.municipalityID, by: .staff(staff.requireID()), origin: req.origin, on: req.db)
        return try ok(Optional<String>.none)
    }

    /// Whether the token's owner may change `dataset`. A draft they may not even read gets the answer an
    /// unknown id gets, so a write action does not reveal that another department's draft exists.
    private func allowed(_ staff: Staff, _ dataset: Dataset, asked id: String) throws {
        guard Modules.accessPolicy.allows(staff.roles, CatalogPermission.editAnyDepartmentDatasets) || staff.$department.id == dataset.departmentID else {
            if !APITokens.mayRead(dataset, as: staff) { throw CKANFailure.notFound("dataset \(id)") }
            throw CKANFailure.forbidden("the dataset belongs to another department")
        }
    }

    private func ownerDepartment(_ staff: Staff) async throws -> UUID {
        if let org = params.string("owner_org"), !org.isEmpty {
            guard let department = try await catalog.department(org) else {
                throw CKANFailure(kind: .validation, message: "Organization does not exist", fields: ["owner_org": ["Organization does not exist"]])
            }
            let id = try department.requireID()
            if !Modules.accessPolicy.allows(staff.roles, CatalogPermission.editAnyDepartmentDatasets), staff.$department.id != id {
                throw CKANFailure.forbidden("the token's owner may not create datasets for \(org)")
            }
            return id
        }
        if let own = staff.$department.id { return own }
        guard let first = try await catalog.departments().first else { throw CKANFailure.missing("owner_org") }
        return try first.requireID()
    }

    private func input(department: UUID, base: Dataset?) throws -> DatasetInput {
        let extras = params.extras
        guard let name = params.string("name") else { throw CKANFailure.missing("name") }
        return DatasetInput(name: name, title: params.string("title") ?? name, notes: params.string("notes") ?? "", departmentID: department,
                            tags: params.names("tags") ?? [], categories: params.names("groups") ?? [],
                            licenseID: params.string("license_id") ?? License.defaultID, landingPage: params.string("url"),
                            version: params.string("version"), updateFrequency: extras["update_frequency"], spatial: extras["spatial_text"],
                            temporalStart: extras["temporal_start"], temporalEnd: extras["temporal_end"],
                            contactName: params.string("maintainer"), contactEmail: params.string("maintainer_email"),
                            contactPhone: extras["contact_phone"], standardDataset: extras["standard_dataset"])
    }

    struct ResourceForm: Content {
        var package_id: String?
        var name: String?
        var description: String?
        var format: String?
        var url: String?
        var upload: File?
    }

    func resourceCreate() async throws -> Response {
        let staff = try require(CatalogPermission.editDatasets)
        let form: ResourceForm
        if req.headers.contentType?.type == "multipart" {
            form = try req.content.decode(ResourceForm.self)
        } else {
            form = ResourceForm(package_id: params.string("package_id"), name: params.string("name"), description: params.string("description"),
                                format: params.string("format"), url: params.string("url"), upload: nil)
        }
        guard let packageID = form.package_id else { throw CKANFailure.missing("package_id") }
        guard let dataset = try await catalog.dataset(packageID, includeDrafts: true) else { throw CKANFailure.notFound("dataset \(packageID)") }
        try allowed(staff, dataset, asked: packageID)
        let actor = Actor.staff(try staff.requireID())
        let resource: Resource
        if let upload = form.upload, upload.data.readableBytes > 0 {
            resource = try await commands.addFile(to: dataset.requireID(), municipalityID: catalog.municipalityID, fileName: upload.filename,
                                                  data: Data(buffer: upload.data), name: form.name, description: form.description ?? "",
                                                  by: actor, origin: req.origin, on: req.db)
        } else if let url = form.url, !url.isEmpty {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CKANFailure(kind: .validation, message: "Invalid URL", fields: ["url": ["Must be an http(s) URL"]])
            }
            resource = try await commands.addLink(to: dataset.requireID(), municipalityID: catalog.municipalityID, url: url,
                                                  name: form.name ?? url, format: form.format ?? "", description: form.description ?? "",
                                                  by: actor, origin: req.origin, on: req.db)
        } else {
            throw CKANFailure(kind: .validation, message: "Missing value", fields: ["upload": ["Give a file in upload or a link in url"]])
        }
        return try ok(catalog.resourceDictionary(resource, of: dataset))
    }
}
