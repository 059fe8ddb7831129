import Foundation

/// A UUID as its 16 bytes (RFC 9562 order) and back: what a signed link token, a search snapshot
/// read from the database's text and a hand-over journal store, in one place.
extension UUID {
    /// The id of these 16 bytes; nil unless there are exactly 16.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 16 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        self.init(uuid: raw)
    }

    /// Its 16 bytes.
    public var bytes: [UInt8] { withUnsafeBytes(of: uuid) { Array($0) } }
}
