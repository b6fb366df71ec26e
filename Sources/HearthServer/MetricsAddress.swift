/// The operators' `/metrics` address, `--metrics-bind HOST:PORT` (`[v6]:PORT` for an IPv6 host).
/// Off by default; never the function port.
///
/// ```swift
/// let address = try MetricsAddress(parsing: "127.0.0.1:9464")  // host "127.0.0.1", port 9464
/// ```
public struct MetricsAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address to listen on (`0.0.0.0` for every interface).
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`.
    /// - Throws: ``Invalid`` naming the problem and the expected form.
    public init(parsing text: String) throws(Invalid) {
        guard let colon = text.lastIndex(of: ":") else { throw Invalid(text, "it has no port") }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw Invalid(text, "an IPv6 host goes in brackets")
        }
        guard !host.isEmpty else { throw Invalid(text, "it has no host") }
        guard let port = Int(portText), (0...65_535).contains(port) else { throw Invalid(text, "'\(portText)' is not a port (0-65535)") }
        self.init(host: host, port: port)
    }

    /// `HOST:PORT` (`[v6]:PORT`).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// A `--metrics-bind` value that is not `HOST:PORT`.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String

        init(_ text: String, _ problem: String) {
            description = "--metrics-bind '\(text)': \(problem); give HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464"
        }
    }
}
