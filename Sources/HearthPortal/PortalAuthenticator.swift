public import Hummingbird

/// Who sent a portal request: the sign-in and session layer (a session cookie) answers this. A
/// request without an identity is redirected to `/signin`.
public protocol PortalAuthenticator: Sendable {
    /// The person behind `request`, or `nil` when nobody is signed in.
    func identify(_ request: Request, context: PortalRequestContext) async throws -> PortalIdentity?
}

/// Checks the CSRF token a state-changing request carries (the hidden `csrf` form field or an
/// `X-CSRF-Token` header) against the signed-in person. ``PortalCSRFMiddleware`` is its one caller.
public protocol PortalCSRFVerifier: Sendable {
    /// Whether `submitted` is a valid token for `identity` on `request`.
    func verify(_ submitted: String?, identity: PortalIdentity, request: Request) async throws -> Bool
}

/// The default check: the submitted token equals the identity's ``PortalIdentity/csrfToken``
/// (compared in constant time). The sign-in layer may replace it (Origin / Sec-Fetch-Site checks).
public struct IdentityTokenCSRFVerifier: PortalCSRFVerifier {
    public init() {}

    public func verify(_ submitted: String?, identity: PortalIdentity, request: Request) async throws -> Bool {
        guard let submitted, !identity.csrfToken.isEmpty else { return false }
        let a = Array(submitted.utf8)
        let b = Array(identity.csrfToken.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
