/// The one place that says which role may do what, and over which municipality.
public struct AccessPolicy: Sendable {
    private let grants: [Role: Set<Permission>]

    public init(grants: [Role: Set<Permission>]) { self.grants = grants }

    /// The grants every module declares in its manifest, merged; the platform's own are in
    /// `CoreModule.manifest`, so pass it with the feature modules.
    public static func standard(modules: [ModuleManifest] = []) -> AccessPolicy {
        var grants: [Role: Set<Permission>] = [:]
        for module in modules {
            for (role, permissions) in module.grants { grants[role, default: []].formUnion(permissions) }
        }
        return AccessPolicy(grants: grants)
    }

    public func permissions(of role: Role) -> Set<Permission> { grants[role] ?? [] }

    /// True when any of `roles` grants `permission`.
    public func allows(_ roles: Set<Role>, _ permission: Permission) -> Bool {
        roles.contains { permissions(of: $0).contains(permission) }
    }

    /// Staff see their own municipality; only system administrators cross municipalities.
    public func canAccess(municipality: UUIDString, staffMunicipality: UUIDString, roles: Set<Role>) -> Bool {
        municipality == staffMunicipality || roles.contains(.systemAdministrator)
    }
}

/// A UUID written as text; tenancy checks compare ids without loading rows.
public typealias UUIDString = String
