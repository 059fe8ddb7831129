import Foundation

/// package_show's result as CKAN clients (ckanapi, harvesters) expect it; keys are CKAN's snake_case.
public struct CKANPackage: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var title: String
    public var notes: String
    public var url: String
    public var version: String?
    public var author: String?
    public var author_email: String?
    public var maintainer: String?
    public var maintainer_email: String?
    public var license_id: String
    public var license_title: String
    public var license_url: String
    public var isopen: Bool
    public var owner_org: String
    public var organization: CKANOrganization?
    public var `private`: Bool
    public var state: String
    public var type: String
    public var metadata_created: String
    public var metadata_modified: String
    public var num_resources: Int
    public var num_tags: Int
    public var tags: [CKANTag]
    public var groups: [CKANGroup]
    public var extras: [CKANExtra]
    public var resources: [CKANResource]
}

public struct CKANTag: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var display_name: String
    public var state: String
    public var vocabulary_id: String?
}

public struct CKANExtra: Codable, Sendable, Equatable {
    public var key: String
    public var value: String
}

public struct CKANResource: Codable, Sendable, Equatable {
    public var id: String
    public var package_id: String
    public var url: String
    public var name: String
    public var description: String
    public var format: String
    public var mimetype: String?
    public var size: Int64?
    public var hash: String
    public var position: Int
    public var url_type: String?
    public var created: String
    public var last_modified: String?
    public var metadata_modified: String
    public var state: String
    public var datastore_active: Bool
    /// Tim Berners-Lee's stars; an extra key CKAN clients ignore.
    public var openness_score: Int
}

/// organization_show / group_show (a department, a category).
public struct CKANOrganization: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var title: String
    public var display_name: String
    public var description: String
    public var image_url: String
    public var created: String
    public var is_organization: Bool
    public var approval_status: String
    public var state: String
    public var type: String
    public var package_count: Int?
}

public typealias CKANGroup = CKANOrganization

/// license_list's items.
public struct CKANLicense: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var url: String
    public var od_conformance: String
    public var osd_conformance: String
    public var status: String
    public var maintainer: String
    public var family: String
    public var domain_content: Bool
    public var domain_data: Bool
    public var domain_software: Bool

    public init(_ license: License) {
        id = license.id; title = license.title; url = license.url
        od_conformance = license.isOpen ? "approved" : "not reviewed"
        osd_conformance = "not reviewed"; status = "active"; maintainer = ""; family = ""
        domain_content = true; domain_data = true; domain_software = false
    }

    public static var all: [CKANLicense] { License.all.map(CKANLicense.init) }
}
