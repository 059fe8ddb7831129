import FluentKit

/// The catalogue's migrations, in order; names are stable because deployed databases record them.
public enum CatalogMigrations {
    public static let all: [any Migration] = [CreateDatasets(), CreateResources(), CreateSearchIndex(), CreateDownloadCounts(), AddResourceConformity(),
                                                 AddSearchCoveringIndexes(), CreateDownloadClientMarkers(), CreateBlobStore(),
                                                 AddSearchVersions(), AddSearchChangeLog()]
}
