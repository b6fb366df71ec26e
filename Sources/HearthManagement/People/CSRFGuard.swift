import Crypto
import HearthCore

/// Cross-site request forgery protection for the portal's state-changing requests.
///
/// **The token.** A session's CSRF token is HMAC-SHA-256 of its session id under a server key,
/// in base64url (43 characters). Deriving it rather than drawing a random one means nothing more is
/// stored per session, every management instance behind a load balancer computes the same token from
/// the shared key, and a new session id (sign-in) gives a new token by itself. The session id never
/// leaves the cookie, and the HMAC cannot be inverted, so a token seen in a page reveals nothing
/// about the session id. The key must be at least 32 random bytes, kept with the instance's other
/// secrets and shared by all management instances; replacing it invalidates open forms, nothing else.
///
/// **The check** (``check(_:)``), for `POST`, `PUT`, `PATCH` and `DELETE`:
/// 1. `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` or `none` (typed by the
///    person). `same-site` is refused on purpose: apps under the base domain may be same-site.
/// 2. `Origin`, when sent, must be the portal's own origin (scheme, host, port).
/// 3. The token from the form field or header must equal the session's, compared in constant time.
/// Browsers too old to send either header fall back to the token alone. Safe methods (`GET`,
/// `HEAD`, `OPTIONS`) are always allowed; they must change nothing.
///
/// ```swift
/// let csrf = CSRFGuard(key: key, portalOrigin: "https://portal.example.com")
/// let token = csrf.token(forSessionID: session.value)   // put in every form
/// let decision = csrf.check(.init(method: "POST", origin: origin, secFetchSite: site,
///                                  presentedToken: form["csrf"], sessionID: session.value))
/// ```
package struct CSRFGuard: Sendable {
    /// Methods that may change state and so need the check.
    package static let stateChangingMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]
    /// The form field the portal's forms carry the token in (HearthPortal's `PortalCSRFMiddleware` reads `csrf`).
    package static let formField = "csrf"
    /// The header the portal's scripts send the token in.
    package static let headerName = "X-CSRF-Token"

    private let key: SymmetricKey
    /// The portal's own origin, normalized (``Origin``).
    package let portalOrigin: Origin

    /// - Parameters:
    ///   - key: The server key, at least 32 bytes.
    ///   - portalOrigin: The portal's public origin, e.g. `https://portal.example.com`.
    package init(key: [UInt8], portalOrigin: Origin) {
        precondition(key.count >= 32, "a CSRF key needs at least 32 random bytes")
        self.key = SymmetricKey(data: key)
        self.portalOrigin = portalOrigin
    }

    /// The CSRF token for the session whose id (the cookie's value) is `sessionID`.
    package func token(forSessionID sessionID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("hearth-csrf-v1:\(sessionID)".utf8), using: key)
        return Base64URL.encode(Array(mac), padded: false)
    }

    /// Whether `request` may proceed, with the reason when it may not.
    package func check(_ request: CSRFRequest) -> CSRFDecision {
        guard Self.stateChangingMethods.contains(request.method.uppercased()) else { return .allowed }
        if let site = request.secFetchSite?.lowercased(), site != "same-origin", site != "none" {
            return .refused(
                "the request came from another site (Sec-Fetch-Site: \(site)); reload the portal page and try again"
            )
        }
        if let origin = request.origin {
            guard let presented = Origin(origin), presented == portalOrigin else {
                return .refused("the request came from another origin than the portal's (\(portalOrigin)); reload the portal page and try again")
            }
        }
        guard let presented = request.presentedToken, !presented.isEmpty else {
            return .refused("the form has no security token; reload the page and submit it again")
        }
        guard ConstantTime.equal(Array(presented.utf8), Array(token(forSessionID: request.sessionID).utf8)) else {
            return .refused(
                "the form's security token does not match your session (it may be from before you signed in again); "
                    + "reload the page and submit it again"
            )
        }
        return .allowed
    }
}

/// What ``CSRFGuard/check(_:)`` reads from a request.
package struct CSRFRequest: Sendable, Hashable {
    /// The HTTP method.
    package var method: String
    /// The `Origin` header, if sent.
    package var origin: String?
    /// The `Sec-Fetch-Site` header, if sent.
    package var secFetchSite: String?
    /// The token from the form field ``CSRFGuard/formField`` or the header ``CSRFGuard/headerName``.
    package var presentedToken: String?
    /// The session id from the session cookie.
    package var sessionID: String

    /// A request's CSRF-relevant parts (see the properties).
    package init(method: String, origin: String?, secFetchSite: String?, presentedToken: String?, sessionID: String) {
        self.method = method
        self.origin = origin
        self.secFetchSite = secFetchSite
        self.presentedToken = presentedToken
        self.sessionID = sessionID
    }
}

/// The outcome of a CSRF check.
package enum CSRFDecision: Sendable, Hashable {
    /// The request may proceed.
    case allowed
    /// The request must be refused (403); the reason is for the error page and the audit log and
    /// never contains a token.
    case refused(String)
}
