import Crypto
import Foundation

/// Row ids that grow with time: UUID version 7 (RFC 9562 §5.7) — the first 48 bits are the
/// milliseconds since 1970, the other 74 bits (besides version and variant) crypto-random. A table
/// whose rows are written in bulk (a fan-out's outbox rows) then adds each id at the right end of its
/// primary-key index instead of at a random page of it, and a batch's ids take their random bits
/// from one draw of the secure generator instead of one read of `/dev/urandom` per `UUID()`.
/// An id is as hard to guess as a random one for anyone who does not know when it was made to the
/// millisecond; use it for row keys, never as a secret.
public enum TimeOrderedID {
    /// One id for `date`.
    public static func make(at date: Date = Date()) -> UUID { make(count: 1, at: date)[0] }

    /// `count` ids for `date`, their random bits drawn at once.
    public static func make(count: Int, at date: Date = Date()) -> [UUID] {
        guard count > 0 else { return [] }
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = SymmetricKey(size: SymmetricKeySize(bitCount: count * 10 * 8))
        return random.withUnsafeBytes { bytes in
            (0..<count).map { index in
                let r = index * 10
                return UUID(uuid: (
                    UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
                    UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
                    UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds),
                    0x70 | (bytes[r] & 0x0f), bytes[r + 1],
                    0x80 | (bytes[r + 2] & 0x3f), bytes[r + 3], bytes[r + 4], bytes[r + 5],
                    bytes[r + 6], bytes[r + 7], bytes[r + 8], bytes[r + 9]))
            }
        }
    }
}
