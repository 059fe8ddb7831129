import MadoguchiCore
import Vapor

/// The address of the client behind any trusted reverse proxies: the one place that decides it
/// (the sign-in limiter, audit origins…).
///
/// Only when the connection comes from a configured proxy (`MADOGUCHI_TRUSTED_PROXIES`) is
/// `X-Forwarded-For` read, from the right: each trusted proxy appends the address it saw, so the
/// right-most address that is not a trusted proxy is the client; anything further left was written
/// by the client and is ignored.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trusted: [NetworkRange]) -> String? {
        guard let peer, trusted.contains(where: { $0.contains(peer) }) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard NetworkRange.isAddress(hop) else { break }
            client = hop
            if !trusted.contains(where: { $0.contains(hop) }) { break }
        }
        return client
    }
}

extension Request {
    /// The client's IP address (see `ClientAddress`); nil only without a socket address (tests).
    var clientAddress: String? {
        ClientAddress.resolve(peer: peerAddress, forwardedFor: headers[.xForwardedFor],
                              trusted: application.madoguchi.configuration.trustedProxies)
    }

    /// The address at the other end of the client's TCP connection. Requests come through
    /// `FrontServer` over its private Unix socket, and the front names that address in its own header
    /// (dropping any copy the client sent); a request on TCP (no front) has it as its remote address.
    private var peerAddress: String? {
        if case .unixDomainSocket = remoteAddress {
            return headers.first(name: FrontServer.clientAddressHeader).flatMap { NetworkRange.isAddress($0) ? $0 : nil }
        }
        return remoteAddress?.ipAddress
    }
}
