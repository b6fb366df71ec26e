/// Whether a `Host` names this machine: `localhost` (RFC 6761 §6.3, also its subdomains),
/// `127.0.0.0/8` or `::1`, with or without a port.
enum Loopback {
    /// Whether `host` (`Host` header form: `name`, `name:port`, `[v6]` or `[v6]:port`) is loopback.
    static func isLoopback(host: String) -> Bool {
        let name = hostName(host).lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        guard let octets = ipv4Octets(name) else { return false }
        return octets[0] == 127
    }

    /// The host without its port and without the brackets around an IPv6 address; a trailing dot
    /// (a fully qualified name) is dropped too.
    static func hostName(_ host: String) -> String {
        var text = Substring(host)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return String(text) }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            text = text[..<colon]
        }
        while text.last == "." { text = text.dropLast() }
        return String(text)
    }

    /// The four octets of a dotted-quad IPv4 address, or `nil` when `name` is not one.
    static func ipv4Octets(_ name: String) -> [UInt8]? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
            octets.append(octet)
        }
        return octets
    }
}
