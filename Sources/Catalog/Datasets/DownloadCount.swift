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
