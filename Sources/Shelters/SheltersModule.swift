import MadoguchiCore

/// The shelters module's manifest: the municipality's 指定避難所 and 指定緊急避難場所 (imported from its
/// standard datasets, keeping the standard's ID) and their live status on a disaster night, with the
/// history of every report for the after-action review.
public enum SheltersModule {
    public static let manifest = ModuleManifest(
        id: "shelters",
        title: LocalizedText(ja: "避難所", en: "Shelters"),
        migrations: [CreateShelters(), CreateShelterReports()],
        grants: [
            .departmentStaff: [SheltersPermission.reportStatus],
            .counterStaff: [SheltersPermission.reportStatus],
            .municipalityAdministrator: [SheltersPermission.reportStatus, SheltersPermission.manageShelters],
            .systemAdministrator: [SheltersPermission.reportStatus, SheltersPermission.manageShelters],
        ],
        openDataExports: [ShelterExports.declaration]
    )
}

/// The shelters module's permissions; `SheltersModule.manifest` grants them to roles.
public enum SheltersPermission {
    /// Report a shelter's status, head count and crowding (staff at the shelter, from a phone).
    public static let reportStatus = Permission("shelters.status.report")
    /// Import the shelter list from the catalogue's standard datasets.
    public static let manageShelters = Permission("shelters.shelters.manage")
}
