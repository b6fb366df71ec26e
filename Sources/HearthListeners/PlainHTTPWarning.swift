/// The warning Hearth gives at start, in the API's health answer and in the portal when a listener
/// reachable from other machines serves plain HTTP: passwords, publishing credentials and function
/// keys would cross the network in clear.
public enum PlainHTTPWarning {
    /// The warning for a listener bound to `host` without TLS, or `nil` when it is loopback only or
    /// serves HTTPS.
    /// - Parameters:
    ///   - listener: "management API", "function host".
    ///   - host: The bind address (`0.0.0.0`, `10.0.0.5`, `127.0.0.1`, `::1`, `localhost`).
    ///   - port: The bound port.
    ///   - tls: Whether the listener serves HTTPS.
    public static func message(listener: String, host: String, port: Int, tls: Bool) -> String? {
        guard !tls, !isLoopback(host) else { return nil }
        return
            "the \(listener) on \(host):\(port) serves plain HTTP beyond this machine: tokens, passwords and function keys cross the network in clear. Give it a certificate with --tls-cert and --tls-key, or put a TLS-terminating proxy in front and bind to 127.0.0.1"
    }

    /// Whether `host` is reachable only from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingPrefix("[").split(separator: "]").first.map(String.init) ?? host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}
