import FluentKit

/// catalog.0008: the database blob store's tables (`DatabaseBlobStore`): a blob's key and size,
/// and its bytes in numbered chunks. Created on both engines; SQLite deployments keep their files
/// on disk and leave them empty.
struct CreateBlobStore: AsyncMigration {
    var name: String { "catalog.0008.create_blob_store" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DatabaseBlobStore.blobsTable)
            .field("id", .uuid, .identifier(auto: false))
            .field("sha256", .string)
            .field("size", .int64, .required)
            .field("chunk_size", .int, .required)
            .field("created_at", .int64, .required)
            .unique(on: "sha256")
            .create()
        try await database.schema(DatabaseBlobStore.chunksTable)
            .field("blob_id", .uuid, .required, .references(DatabaseBlobStore.blobsTable, "id"))
            .field("chunk_index", .int, .required)
            .field("bytes", .data, .required)
            .compositeIdentifier(over: "blob_id", "chunk_index")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DatabaseBlobStore.chunksTable).delete()
        try await database.schema(DatabaseBlobStore.blobsTable).delete()
    }
}
