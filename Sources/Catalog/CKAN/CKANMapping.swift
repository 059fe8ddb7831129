import Foundation
import MadoguchiCore

/// Builds CKAN dictionaries from the catalogue's models. The HTTP layer supplies the site URLs.
public struct CKANMapping: Sendable {
    /// e.g. `https://opendata.city.kunitachi.tokyo.jp`
    public let siteURL: String

    public init(siteURL: String) { self.siteURL = siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL }

    /// CKAN writes timestamps as ISO 8601 without a zone, in UTC, with microseconds.
    public static func timestamp(_ date: Date) -> String { TimestampText.ckan(date) }

    public func organization(_ department: Department, packageCount: Int? = nil) -> CKANOrganization {
        CKANOrganization(id: department.id?.uuidString.lowercased() ?? "", name: department.code, title: department.name,
                         display_name: department.name, description: department.nameEnglish, image_url: "",
                         created: "", is_organization: true, approval_status: "approved", state: "active",
                         type: "organization", package_count: packageCount)
    }

    public func group(_ category: Category, packageCount: Int? = nil) -> CKANGroup {
        CKANOrganization(id: category.id?.uuidString.lowercased() ?? "", name: category.name, title: category.title,
                         display_name: category.title, description: category.description, image_url: "",
                         created: Self.timestamp(category.createdAt), is_organization: false, approval_status: "approved",
                         state: "active", type: "group", package_count: packageCount)
    }

    /// The download URL of an uploaded file, or the link of a linked resource.
    public func resourceURL(_ resource: Resource) -> String {
        if !resource.isUpload { return resource.url ?? "" }
        let datasetID = resource.$dataset.id.uuidString.lowercased()
        let id = resource.id?.uuidString.lowercased() ?? ""
        let name: String = resource.fileName ?? "file"
        let file: String = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "file"
        return "\(siteURL)/dataset/\(datasetID)/resource/\(id)/download/\(file)"
    }

    public func resource(_ r: Resource, openLicence: Bool) -> CKANResource {
        CKANResource(id: r.id?.uuidString.lowercased() ?? "", package_id: r.$dataset.id.uuidString.lowercased(), url: resourceURL(r),
                     name: r.name, description: r.description, format: r.format, mimetype: r.mimeType, size: r.size,
                     hash: r.sha256.map { "sha256:\($0)" } ?? "", position: r.position, url_type: r.isUpload ? "upload" : nil,
                     created: Self.timestamp(r.createdAt), last_modified: r.isUpload ? Self.timestamp(r.modifiedAt) : nil,
                     metadata_modified: Self.timestamp(r.modifiedAt), state: r.deleted ? "deleted" : "active",
                     datastore_active: false, openness_score: ResourceFormat.openness(format: r.format, openLicence: openLicence))
    }

    public func package(_ d: Dataset, department: Department?, categories: [Category], resources: [Resource]) -> CKANPackage {
        let license = License.named(d.licenseID)
        let organization = department.map { self.organization($0) }
        let live = resources.filter { !$0.deleted }.sorted { $0.position < $1.position }
        var extras: [CKANExtra] = []
        func extra(_ key: String, _ value: String?) { if let value, !value.isEmpty { extras.append(CKANExtra(key: key, value: value)) } }
        extra("update_frequency", d.updateFrequency)
        extra("spatial_text", d.spatial)
        extra("temporal_start", d.temporalStart)
        extra("temporal_end", d.temporalEnd)
        extra("contact_phone", d.contactPhone)
        extra("standard_dataset", d.standardDataset)
        let tags = d.tags.map { CKANTag(id: $0, name: $0, display_name: $0, state: "active", vocabulary_id: nil) }
        let groups = d.categories.map { name in
            categories.first { $0.name == name }.map { group($0) }
                ?? CKANOrganization(id: name, name: name, title: name, display_name: name, description: "", image_url: "", created: "",
                                    is_organization: false, approval_status: "approved", state: "active", type: "group", package_count: nil)
        }
        return CKANPackage(
            id: d.id?.uuidString.lowercased() ?? "", name: d.name, title: d.title, notes: d.notes, url: d.landingPage ?? "",
            version: d.version, author: department?.name, author_email: nil, maintainer: d.contactName, maintainer_email: d.contactEmail,
            license_id: d.licenseID, license_title: license?.title ?? d.licenseID, license_url: license?.url ?? "",
            isopen: license?.isOpen ?? false, owner_org: organization?.id ?? "", organization: organization,
            private: d.state != .published, state: d.state == .deleted ? "deleted" : d.state == .draft ? "draft" : "active",
            type: "dataset", metadata_created: Self.timestamp(d.createdAt), metadata_modified: Self.timestamp(d.modifiedAt),
            num_resources: live.count, num_tags: tags.count, tags: tags, groups: groups, extras: extras,
            resources: live.map { resource($0, openLicence: license?.isOpen ?? false) })
    }
}
