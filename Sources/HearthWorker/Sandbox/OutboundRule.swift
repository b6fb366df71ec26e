import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One destination an app may connect to when its setting `HEARTH_OUTBOUND_ALLOW` lists them:
/// an address or network, and optionally a TCP or UDP port. `10.1.2.3`, `10.0.0.0/8:443`,
/// `[2001:db8::/32]:443`.
public struct OutboundRule: Sendable, Hashable {
    public var network: String
    public var isIPv6: Bool
    public var port: Int?

    /// Parses one entry, or throws naming it and the accepted forms.
    public init(parsing text: String) throws {
        let entry = text.trimmingCharacters(in: .whitespaces)
        var address = entry
        var port: Int?
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { throw Self.invalid(entry) }
            address = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { throw Self.invalid(entry) }
                port = number
            }
        } else if let colon = entry.firstIndex(of: ":") {
            address = String(entry[..<colon])
            guard let number = Int(entry[entry.index(after: colon)...]) else { throw Self.invalid(entry) }
            port = number
        }
        if let port, !(1...65_535).contains(port) { throw Self.invalid(entry) }
        let parts = address.split(separator: "/", maxSplits: 1)
        guard let host = parts.first.map(String.init) else { throw Self.invalid(entry) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let isIPv6 = host.contains(":")
        guard inet_pton(isIPv6 ? AF_INET6 : AF_INET, host, &buffer) == 1 else { throw Self.invalid(entry) }
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...(isIPv6 ? 128 : 32)).contains(prefix) else { throw Self.invalid(entry) }
        }
        self.network = address
        self.isIPv6 = isIPv6
        self.port = port
    }

    /// The nftables rule that lets this destination through.
    var nftablesRule: String {
        let family = isIPv6 ? "ip6" : "ip"
        guard let port else { return "\(family) daddr \(network) accept" }
        return "\(family) daddr \(network) meta l4proto { tcp, udp } th dport \(port) accept"
    }

    /// The nftables ruleset of a sandbox that may reach only `rules` (and its own loopback).
    static func ruleset(_ rules: [OutboundRule]) -> String {
        """
        table inet hearth_outbound {
            chain output {
                type filter hook output priority 0; policy drop;
                oif "lo" accept
                ct state established,related accept
        \(rules.map { "        " + $0.nftablesRule }.joined(separator: "\n"))
            }
        }

        """
    }

    private static func invalid(_ entry: String) -> WorkerError {
        WorkerError(
            .launchFailed,
            "app setting HEARTH_OUTBOUND_ALLOW has '\(entry)', which is not an address, network or address:port; use forms such as 10.1.2.3, 10.0.0.0/8:443 or [2001:db8::/32]:443, separated by commas"
        )
    }
}
