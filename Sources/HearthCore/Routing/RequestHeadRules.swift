/// What every request's head must satisfy on both of Hearth's ports (the management API and the
/// function host) before it is routed; the answer to a breach is 400 with this message.
///
/// - More than one `Host` header: RFC 9112 §3.2 says a server must answer 400, and routing by
///   either one would let a proxy and Hearth disagree about which app a request is for.
/// - A NUL byte in the path (`%00` or raw): names are cut at NUL in many places, so
///   `/api/apps/appa%00x` would reach app `appa`.
public enum RequestHeadRules {
    /// Why the request must be refused with 400, or `nil`.
    /// - Parameters:
    ///   - hostHeaders: How many `Host` header lines the request has.
    ///   - path: The request target's path, still percent-encoded.
    public static func problem(hostHeaders: Int, path: String) -> String? {
        if hostHeaders > 1 {
            return "Bad Request: the request has \(hostHeaders) Host headers; send exactly one (RFC 9112 §3.2)."
        }
        if containsNUL(path) {
            return "Bad Request: the path contains a NUL character (%00); remove it from the URL."
        }
        return nil
    }

    /// Whether a percent-encoded path holds a NUL, raw or as `%00`.
    public static func containsNUL(_ path: String) -> Bool {
        // Read in place: copying the path into an array was an allocation per request.
        var path = path
        return path.withUTF8 { bytes in
            for index in bytes.indices {
                if bytes[index] == 0 { return true }
                if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "0"),
                    bytes[index + 2] == UInt8(ascii: "0")
                {
                    return true
                }
            }
            return false
        }
    }
}
