import Foundation

/// A web origin (RFC 6454): scheme, host and port, compared after normalizing case and the
/// scheme's default port, so `https://Portal.example.com:443` is `https://portal.example.com`.
///
/// ```swift
/// Origin("https://portal.example.com")?.description  // "https://portal.example.com"
/// Origin("null")                                      // nil: an opaque origin is no one's
/// ```
package struct Origin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    package let scheme: String
    /// The host in lower case (an IPv6 address keeps its brackets).
    package let host: String
    /// The port, `nil` when it is the scheme's default.
    package let port: Int?

    /// Parses `scheme://host[:port]` as an `Origin` header carries it (a trailing `/` is allowed);
    /// `nil` for anything else, including `null`, other schemes, paths and user information.
    package init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = text[separator.upperBound...]
        if authority.last == "/" { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@"), !authority.contains("?") else { return nil }
        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port == (scheme == "https" ? 443 : 80) ? nil : port
    }

    package var description: String {
        "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }
}
