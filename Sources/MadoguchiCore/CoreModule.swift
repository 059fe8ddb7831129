/// The platform's own manifest: tenancy and staff tables and the staff-account file.
public enum CoreModule {
    public static let manifest = ModuleManifest(
        id: "core",
        title: LocalizedText(ja: "基盤", en: "Platform"),
        migrations: [CreateCoreTables(), CreateAPITokens(), CreateStaffSessions(), AddAPITokenExpiry(),
                     CreatePublicContentVersion()],
        grants: platformGrants,
        personalInformationFiles: [
            PersonalInformationFileDeclaration(
                id: "core.staff", name: "職員アカウントファイル",
                purpose: "職員の本人確認とアクセス権限の管理",
                recordedItems: ["氏名", "ログイン名", "所属", "役割", "ログイン失敗回数"],
                personsRecorded: "本システムを利用する職員",
                collectionMethod: "本人及び所属からの届出", containsSpecialCare: false,
                retentionDays: 365 * 5, retentionBasis: "退職後5年")
        ],
        jobs: [StaffSessions.purgeJob]
    )

    /// Every role signs in, sees the dashboard and manages its own password and sessions;
    /// administrators manage the tenancy and staff, auditors read the audit log.
    static let platformGrants: [Role: Set<Permission>] = {
        let everyone: Set<Permission> = [.viewDashboard, .changeOwnPassword, .manageOwnSessions]
        return [
            .systemAdministrator: everyone.union([.manageMunicipalities, .manageDepartments, .manageStaff]),
            .municipalityAdministrator: everyone.union([.manageDepartments, .manageStaff]),
            .departmentStaff: everyone,
            .counterStaff: everyone,
            .privacyOfficer: everyone,
            .auditor: everyone.union([.viewAuditLog, .exportAuditLog]),
            .applicationsSupervisor: everyone,
        ]
    }()
}
