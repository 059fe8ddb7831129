import MadoguchiCore

/// The open-data catalogue's manifest: its migrations in order and who may do what.
public enum CatalogModule {
    public static let manifest = ModuleManifest(
        id: "catalog",
        title: LocalizedText(ja: "オープンデータカタログ", en: "Open data catalogue"),
        migrations: CatalogMigrations.all,
        grants: [
            .departmentStaff: [CatalogPermission.editDatasets, CatalogPermission.validateData],
            .municipalityAdministrator: CatalogPermission.all,
            .privacyOfficer: [CatalogPermission.validateData],
            .systemAdministrator: CatalogPermission.all,
        ],
        indicators: CatalogIndicators.all
    )
}

/// The open-data catalogue's permissions; `CatalogModule.manifest` grants them to roles.
public enum CatalogPermission {
    /// Create and edit drafts of the staff member's own department's datasets.
    public static let editDatasets = Permission("catalog.datasets.edit")
    /// Edit datasets of every department of the municipality.
    public static let editAnyDepartmentDatasets = Permission("catalog.datasets.edit_any")
    /// Make a dataset public (the step residents see).
    public static let publishDatasets = Permission("catalog.datasets.publish")
    public static let deleteDatasets = Permission("catalog.datasets.delete")
    /// Categories are CKAN groups shared across departments.
    public static let manageCategories = Permission("catalog.categories.manage")
    public static let validateData = Permission("catalog.validation.run")

    /// Every one of them: the administrators' grant.
    static let all: Set<Permission> = [editDatasets, editAnyDepartmentDatasets, publishDatasets, deleteDatasets, manageCategories, validateData]
}
