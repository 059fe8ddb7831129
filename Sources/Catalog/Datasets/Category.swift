import FluentKit
import Foundation

/// A theme shared across departments (CKAN group): 防災, 子育て, 観光…
public final class Category: Model, @unchecked Sendable {
    public static let schema = "catalog_categories"

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(municipalityID: UUID, name: String, title: String, description: String = "", createdAt: Date = Date()) {
        self.municipalityID = municipalityID
        self.name = name
        self.title = title
        self.description = description
        self.createdAt = createdAt
    }
}
