import Foundation
import NIOCore

/// The proxies whose `X-Forwarded-For/Proto/Host` headers the front believes: exact addresses or
/// CIDR ranges, IPv4 or IPv6. Headers from anyone else are ignored.
struct TrustedProxies: Sendable {
    private struct Range: Sendable {
        var bytes: [UInt8]
        var prefix: Int
    }
    private let ranges: [Range]

    init(_ entries: [String]) throws {
        ranges = try entries.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1)
            guard let bytes = Self.bytes(String(parts[0])) else {
                throw WorkerError(.badResponse, "trusted proxy '\(entry)' is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)")
            }
            let prefix = parts.count > 1 ? Int(parts[1]) ?? -1 : bytes.count * 8
            guard (0...(bytes.count * 8)).contains(prefix) else {
                throw WorkerError(.badResponse, "trusted proxy '\(entry)' has an invalid prefix length")
            }
            return Range(bytes: bytes, prefix: prefix)
        }
    }

    var isEmpty: Bool { ranges.isEmpty }

    func contains(_ address: SocketAddress?) -> Bool {
        guard !ranges.isEmpty, let ip = address?.ipAddress, let bytes = Self.bytes(ip) else { return false }
        return ranges.contains { range in
            guard range.bytes.count == bytes.count else { return false }
            var bits = range.prefix
            for (a, b) in zip(range.bytes, bytes) {
                if bits <= 0 { return true }
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    private static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            // IPv4-mapped IPv6 (::ffff:a.b.c.d) compares as IPv4.
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b[12...]) }
            return b
        }
        return nil
    }
}
