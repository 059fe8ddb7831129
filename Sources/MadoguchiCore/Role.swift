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

    public var label: LocalizedText {
        switch self {
        case .systemAdministrator: return LocalizedText(ja: "システム管理者", en: "System administrator")
        case .municipalityAdministrator: return LocalizedText(ja: "団体管理者", en: "Municipality administrator")
        case .departmentStaff: return LocalizedText(ja: "所管課職員", en: "Department staff")
        case .counterStaff: return LocalizedText(ja: "窓口職員", en: "Counter staff")
        case .privacyOfficer: return LocalizedText(ja: "個人情報保護担当", en: "Privacy officer")
        case .auditor: return LocalizedText(ja: "監査担当", en: "Auditor")
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
