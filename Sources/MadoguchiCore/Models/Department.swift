import FluentKit
import Foundation

/// A department (部 or 課) of a municipality; 課 point to their 部 through `parent`.
public final class Department: Model, @unchecked Sendable {
    public static let schema = "departments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "municipality_id") public var municipality: Municipality
    @OptionalParent(key: "parent_id") public var parent: Department?
    /// A short stable code used in data files (`shimin`, `hoken-nenkin`).
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "name_en") public var nameEnglish: String

    public init() {}

    public init(id: UUID? = nil, municipalityID: UUID, parentID: UUID? = nil, code: String, name: String, nameEnglish: String) {
        self.id = id
        self.$municipality.id = municipalityID
        self.$parent.id = parentID
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
    }
}
