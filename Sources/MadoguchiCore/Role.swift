/// A staff role. Roles are granted per staff account; the permissions each role carries are
/// decided in one place, `AccessPolicy`.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    /// The deployment's operator: manages municipalities and sees every one of them.
    case systemAdministrator = "system_administrator"
    /// A municipality's IT section: manages its departments and staff.
    case municipalityAdministrator = "municipality_administrator"
    /// Staff of a department (課): works on that department's procedures, datasets and applications.
    case departmentStaff = "department_staff"
    /// Counter staff (窓口): runs the assisted counter with residents.
    case counterStaff = "counter_staff"
    /// The privacy officer (個人情報保護担当): disclosure requests, publish-guard overrides.
    case privacyOfficer = "privacy_officer"
    /// An auditor (監査): reads the audit log, changes nothing.
    case auditor = "auditor"
    /// The online applications' supervisor (電子申請統括担当): reads and handles every department's
    /// applications, where department staff see only their own department's. Every such use is audited.
    case applicationsSupervisor = "applications_supervisor"

    public var label: LocalizedText {
        switch self {
        case .systemAdministrator: return LocalizedText(ja: "システム管理者", en: "System administrator")
        case .municipalityAdministrator: return LocalizedText(ja: "団体管理者", en: "Municipality administrator")
        case .departmentStaff: return LocalizedText(ja: "所管課職員", en: "Department staff")
        case .counterStaff: return LocalizedText(ja: "窓口職員", en: "Counter staff")
        case .privacyOfficer: return LocalizedText(ja: "個人情報保護担当", en: "Privacy officer")
        case .auditor: return LocalizedText(ja: "監査担当", en: "Auditor")
        case .applicationsSupervisor: return LocalizedText(ja: "電子申請統括担当", en: "Online applications supervisor")
        }
    }

    /// Roles that watch or cross the others' duties (the audit log, My Numbers, every department's
    /// applications, every municipality). Separation of duties: only a system administrator grants or
    /// removes them (`RoleGrantPolicy`), and every grant is its own audit entry.
    public var isPrivileged: Bool {
        switch self {
        case .systemAdministrator, .privacyOfficer, .auditor, .applicationsSupervisor: return true
        case .municipalityAdministrator, .departmentStaff, .counterStaff: return false
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
