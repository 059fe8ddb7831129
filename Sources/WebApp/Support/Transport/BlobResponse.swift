import MadoguchiCore
import Vapor

extension Response {
    /// A stored file sent as it is read from the blob store, a chunk at a time (never the whole file
    /// in memory), with its length and its content hash as the entity tag.
    static func blob(_ reference: BlobReference, from store: any BlobStore, headers: HTTPHeaders) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .eTag, value: "\"\(reference.sha256)\"")
        return Response.streamed(headers: headers, count: Int(reference.size)) { writer in
            do {
                try await store.read(reference.sha256) { chunk in try await writer.writeBuffer(ByteBuffer(data: chunk)) }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        }
    }
}
