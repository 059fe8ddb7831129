import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR form (`10.0.0.0/8`, `2001:db8::/32`; a bare address is a
/// single host), used for the trusted reverse proxies (`MADOGUCHI_TRUSTED_PROXIES`).
public struct NetworkRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefixLength: Int

    /// Parses `address[/prefix]`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = NetworkRange.bytes(of: String(parts[0])) else { return nil }
        let bits = address.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = p
        }
        self.network = NetworkRange.masked(address, prefix)
        self.prefixLength = prefix
    }

    /// Whether an address (text as a socket reports it) lies in this network; an IPv4-mapped IPv6
    /// address counts as its IPv4 address.
    public func contains(_ address: String) -> Bool {
        guard let bytes = NetworkRange.bytes(of: address), bytes.count == network.count else { return false }
        return NetworkRange.masked(bytes, prefixLength) == network
    }

    public var description: String {
        let family = network.count == 4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: 64)
        _ = network.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(cString: buffer) + "/\(prefixLength)"
    }

    /// Whether the text is an IPv4 or IPv6 address.
    public static func isAddress(_ text: String) -> Bool { bytes(of: text) != nil }

    /// The address's bytes: 4 for IPv4 (also when written as `::ffff:a.b.c.d`), 16 for IPv6.
    static func bytes(of text: String) -> [UInt8]? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 64 else { return nil }
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        if v6[0..<10].allSatisfy({ $0 == 0 }), v6[10] == 0xff, v6[11] == 0xff { return Array(v6[12...]) }
        return v6
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(8, max(0, prefix - index * 8))
            return keep == 8 ? byte : byte & UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
    }
}
