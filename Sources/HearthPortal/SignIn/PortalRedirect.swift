import HTTPTypes
import Hummingbird

/// Thrown by the sign-in layer when a request must go elsewhere first (an ended session to
/// `/signin`, a pending second factor to `/signin/code`, a required TOTP enrolment to `/account`);
/// ``PortalErrorMiddleware`` turns it into a 303, with the cookie cleared when it says so.
struct PortalRedirect: Error, Sendable {
    /// Where the browser goes.
    let location: String
    /// A `Set-Cookie` value sent along (the session cookie's removal), if any.
    let setCookie: String?

    init(_ location: String, setCookie: String? = nil) {
        self.location = location
        self.setCookie = setCookie
    }

    /// The 303 response.
    var response: Response {
        var headers: HTTPFields = [.location: location]
        if let setCookie { headers[.setCookie] = setCookie }
        return Response(status: .seeOther, headers: headers)
    }
}
