import MadoguchiCore
import NIOConcurrencyHelpers
import NIOCore

/// Counts the open connections, in all and per client, and refuses one that would go past a limit.
///
/// A client is an IPv4 address or an IPv6 /64 (one subscriber's prefix: counting single IPv6
/// addresses would let one client open as many connections as it has addresses). Connections from a
/// trusted proxy count only towards the total: many clients stand behind it.
final class ConnectionAdmission: Sendable {
    struct Limits: Sendable {
        let total: Int
        let perClient: Int
    }

    enum Refusal: String, Sendable { case total, perClient = "per_client" }

    /// What an admitted connection holds until it closes.
    struct Ticket: Sendable {
        fileprivate let client: [UInt8]?
    }

    let limits: Limits
    private let trustedProxies: [NetworkRange]
    private let state = NIOLockedValueBox(State())

    private struct State {
        var total = 0
        var perClient: [[UInt8]: Int] = [:]
    }

    init(limits: Limits, trustedProxies: [NetworkRange]) {
        self.limits = limits
        self.trustedProxies = trustedProxies
    }

    var openConnections: Int { state.withLockedValue { $0.total } }

    func admit(_ peer: SocketAddress?) -> Result<Ticket, ConnectionAdmissionRefused> {
        let client = clientKey(peer)
        return state.withLockedValue { state in
            guard state.total < limits.total else { return .failure(.init(refusal: .total)) }
            if let client {
                let held = state.perClient[client, default: 0]
                guard held < limits.perClient else { return .failure(.init(refusal: .perClient)) }
                state.perClient[client] = held + 1
            }
            state.total += 1
            return .success(Ticket(client: client))
        }
    }

    func release(_ ticket: Ticket) {
        state.withLockedValue { state in
            state.total -= 1
            guard let client = ticket.client, let held = state.perClient[client] else { return }
            if held <= 1 { state.perClient[client] = nil } else { state.perClient[client] = held - 1 }
        }
    }

    private func clientKey(_ peer: SocketAddress?) -> [UInt8]? {
        switch peer {
        case .v4(let address)?:
            if let text = peer?.ipAddress, trustedProxies.contains(where: { $0.contains(text) }) { return nil }
            return withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
        case .v6(let address)?:
            if let text = peer?.ipAddress, trustedProxies.contains(where: { $0.contains(text) }) { return nil }
            return withUnsafeBytes(of: address.address.sin6_addr) { Array($0.prefix(8)) }
        default:
            return nil
        }
    }
}

struct ConnectionAdmissionRefused: Error, Sendable {
    let refusal: ConnectionAdmission.Refusal
}
