/// The session cookie: its name and attributes for how the portal is reached, the `Set-Cookie`
/// values that set and clear it, and reading it back from a `Cookie` header.
///
/// Over HTTPS the cookie is `__Host-hearth-session` with `Secure; HttpOnly; SameSite=Lax; Path=/`
/// and no `Domain`: the `__Host-` prefix makes browsers refuse it unless it is `Secure`, host-only
/// and for `/`, so no other host (an app under the base domain, say) can set or overwrite it.
///
/// Plain HTTP is allowed only when the request's host is loopback (`localhost`, `127.0.0.0/8`,
/// `::1`), for development on one's own machine. Browsers refuse a `__Host-` cookie without
/// `Secure`, so there the cookie is `hearth-session` without `Secure`. On any other host, plain HTTP
/// is refused (``SessionCookieRefusal``): a session id sent in clear over a network can be copied.
///
/// ```swift
/// let cookie = try SessionCookie(isHTTPS: false, host: "127.0.0.1:8080")  // hearth-session
/// response.headers[.setCookie] = cookie.setCookie(value: token.value, maxAge: .seconds(43_200))
/// let presented = cookie.value(in: request.headers[.cookie])
/// ```
package struct SessionCookie: Sendable, Hashable {
    /// The cookie's name over HTTPS.
    package static let secureName = "__Host-hearth-session"
    /// The cookie's name over plain HTTP on loopback.
    package static let developmentName = "hearth-session"

    /// The cookie's name: ``secureName`` or ``developmentName``.
    package let name: String
    /// Whether the cookie carries `Secure`.
    package let isSecure: Bool

    /// The cookie for a request that came over HTTPS or plain HTTP to `host`.
    /// - Parameters:
    ///   - isHTTPS: Whether the portal is served over TLS (to the browser).
    ///   - host: The request's `Host` (with or without a port).
    /// - Throws: ``SessionCookieRefusal`` for plain HTTP to a host that is not loopback.
    package init(isHTTPS: Bool, host: String) throws(SessionCookieRefusal) {
        if isHTTPS {
            name = Self.secureName
            isSecure = true
        } else if Loopback.isLoopback(host: host) {
            name = Self.developmentName
            isSecure = false
        } else {
            throw SessionCookieRefusal(host: host)
        }
    }

    /// The `Set-Cookie` value that sets the session to `value`.
    /// - Parameters:
    ///   - value: The session id (``SessionToken/value``).
    ///   - maxAge: How long the browser keeps it; `nil` for a cookie that ends with the browser.
    package func setCookie(value: String, maxAge: Duration?) -> String {
        var parts = ["\(name)=\(value)"]
        if let maxAge {
            parts.append("Max-Age=\(max(0, maxAge.components.seconds))")
        }
        return (parts + attributes).joined(separator: "; ")
    }

    /// The `Set-Cookie` value that removes the cookie (sign-out, expired session).
    package func clearingCookie() -> String {
        (["\(name)=", "Max-Age=0"] + attributes).joined(separator: "; ")
    }

    /// The value of this cookie in a `Cookie` header holding any number of cookies, or `nil` when it
    /// is absent or empty. When a browser sends the name twice (one set for a parent path, say), the
    /// first is taken, as RFC 6265 §5.4 orders the longer path first.
    package func value(in cookieHeader: String?) -> String? {
        guard let cookieHeader else { return nil }
        for pair in cookieHeader.split(separator: ";") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let key = pair[..<equals].trimmingWhitespace()
            guard key == name else { continue }
            let value = pair[pair.index(after: equals)...].trimmingWhitespace()
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    private var attributes: [String] {
        (isSecure ? ["Secure"] : []) + ["HttpOnly", "SameSite=Lax", "Path=/"]
    }
}

/// Plain HTTP was used to reach the portal on a host that is not loopback.
package struct SessionCookieRefusal: Error, Hashable, CustomStringConvertible {
    /// The host the request named.
    package let host: String

    package var description: String {
        "signing in over plain HTTP is allowed only on this machine (localhost, 127.0.0.1, ::1), not at '\(host)': "
            + "configure TLS for the management listener (a certificate and key) and open the portal with https://"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
