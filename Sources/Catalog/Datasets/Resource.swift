import FluentKit
import Foundation

/// A file or link of a dataset (CKAN resource). Uploaded files keep every version; the resource
/// points to the current one.
public final class Resource: Model, @unchecked Sendable {
    public static let schema = "catalog_resources"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Parent(key: "dataset_id") public var dataset: Dataset
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    /// Upper-case format (CSV, XLSX, JSON, GEOJSON, PDF, ZIP…).
    @Field(key: "format") public var format: String
    @OptionalField(key: "mimetype") public var mimeType: String?
    /// For links: the external URL. For uploads: nil (the HTTP layer builds the download URL).
    @OptionalField(key: "url") public var url: String?
    @Field(key: "is_upload") public var isUpload: Bool
    @OptionalField(key: "file_name") public var fileName: String?
    @OptionalField(key: "size") public var size: Int64?
    /// SHA-256 of the current file, hex; also its blob key.
    @OptionalField(key: "sha256") public var sha256: String?
    @Field(key: "current_version") public var currentVersion: Int
    /// The standard dataset (`aed`…) the current file was last validated against, and the verdict
    /// (`conforms`, `conforms-with-warnings`, `does-not-conform`); cleared when the file changes.
    @OptionalField(key: "conforms_to") public var conformsTo: String?
    @OptionalField(key: "conformity") public var conformity: String?
    @Field(key: "position") public var position: Int
    @Field(key: "deleted") public var deleted: Bool
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "modified_at") public var modifiedAt: Date

    public init() {}
}

/// One stored version of a resource's file.
public final class ResourceVersion: Model, @unchecked Sendable {
    public static let schema = "catalog_resource_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "resource_id") public var resourceID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "size") public var size: Int64
    @Field(key: "file_name") public var fileName: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String

    public init() {}
}
