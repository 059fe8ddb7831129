import FluentKit
import Foundation

/// Downloads of one resource in one month (`2025-04`), incremented by the HTTP layer.
public final class DownloadCount: Model, @unchecked Sendable {
    public static let schema = "catalog_download_counts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "dataset_id") public var datasetID: UUID
    @Field(key: "resource_id") public var resourceID: UUID
    @Field(key: "month") public var month: String
    @Field(key: "count") public var count: Int

    public init() {}
}

/// Which clients took a resource today (`catalog_download_clients`): a keyed hash per client, so a
/// download counts once per client per day. Rows of earlier days are deleted on the next download.
public enum DownloadClientMarker {
    public static let schema = "catalog_download_clients"
}
