import FluentKit
import Foundation
import MadoguchiCore

/// A catalogue entry (CKAN package): metadata about data a department publishes.
public final class Dataset: Model, @unchecked Sendable {
    public static let schema = "catalog_datasets"

    /// Draft → published; deleted is kept (CKAN state "deleted") so links and audit stay resolvable.
    public enum State: String, Codable, Sendable { case draft, published, deleted }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The owning department (CKAN organization).
    @Field(key: "department_id") public var departmentID: UUID
    /// CKAN name: 2–100 characters of a–z 0–9 - _; unique within the municipality.
    @Field(key: "name") public var name: String
    @Field(key: "title") public var title: String
    @Field(key: "notes") public var notes: String
    @OptionalField(key: "url") public var landingPage: String?
    @OptionalField(key: "version") public var version: String?
    @Field(key: "license_id") public var licenseID: String
    @OptionalField(key: "update_frequency") public var updateFrequency: String?
    @OptionalField(key: "spatial") public var spatial: String?
    @OptionalField(key: "temporal_start") public var temporalStart: String?
    @OptionalField(key: "temporal_end") public var temporalEnd: String?
    @OptionalField(key: "contact_name") public var contactName: String?
    @OptionalField(key: "contact_email") public var contactEmail: String?
    @OptionalField(key: "contact_phone") public var contactPhone: String?
    /// The standard dataset schema this follows (`aed`), if any.
    @OptionalField(key: "standard_dataset") public var standardDataset: String?
    /// Tags, `;`-joined for display; the tag table is the searchable copy.
    @Field(key: "tags") public var tagsText: String
    /// Category (CKAN group) names, `;`-joined.
    @Field(key: "categories") public var categoriesText: String
    @Enum(key: "state") public var state: State
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "modified_at") public var modifiedAt: Date
    /// Days since 1970 of the last change: the recency part of search ranking, in plain SQL arithmetic.
    @Field(key: "modified_day") public var modifiedDay: Int
    @OptionalField(key: "published_at") public var publishedAt: Date?

    public init() {}

    public var tags: [String] { tagsText.split(separator: ";").map(String.init) }
    public var categories: [String] { categoriesText.split(separator: ";").map(String.init) }
}
