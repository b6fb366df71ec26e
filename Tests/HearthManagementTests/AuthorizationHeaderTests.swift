import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// The messages for a missing or malformed `Authorization` header, on the API and on the Kudu
/// endpoint (Bearer and Basic are read with hummingbird-auth's parsing).
@Suite struct AuthorizationHeaderTests {
    @Test func apiNamesTheBearerFormWhenTheHeaderIsMissingOrMalformed() async throws {
        let instance = try await TestInstance()
        try await instance.test { client in
            let missing = try await client.call(.get, "/api/apps", token: nil)
            #expect(missing.status == .unauthorized)
            #expect(
                missing.errorMessage
                    == "this call needs an API token: send 'Authorization: Bearer <token>' (the CLI reads HEARTH_TOKEN or 'hearth login')"
            )
            for header in ["Token abc", "Basic YWRtaW46YWRtaW4=", "Bearer"] {
                let malformed = try await client.raw(.get, "/api/apps", authorization: header)
                #expect(malformed.status == .unauthorized, "\(header)")
                #expect(malformed.errorMessage == "the Authorization header must be 'Bearer <token>'", "\(header)")
            }
            let valid = try await client.raw(.get, "/api/apps", authorization: "Bearer \(instance.adminToken)")
            #expect(valid.status == .ok)
        }
    }

    @Test func kuduNamesWhatItTakesWhenTheHeaderIsMissingMalformedOrWrong() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let password = try await PublishingCredentialsIssuer(store: instance.store).ensure(for: app).password
        let wrong = "the publishing user or password is wrong for app 'orders'; download the publish profile again (the password may have been reset)"
        try await instance.test { client in
            let (missing, missingHeaders) = try await client.kudu(.get, "/scm/orders/api/deployments")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorMessage == "this endpoint needs the app's publishing credentials (HTTP Basic, user '$orders') or an API token")
            #expect(missingHeaders[.wwwAuthenticate] == #"Basic realm="hearth-scm""#)

            let (digest, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: #"Digest username="$orders""#)
            #expect(digest.errorMessage == "the Authorization header must be 'Basic …' (publishing credentials) or 'Bearer <token>'")

            let noColon = "Basic " + Data("$orders".utf8).base64EncodedString()
            for header in [noColon, "Basic not-base64!!"] {
                let (response, headers) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: header)
                #expect(response.status == .unauthorized, "\(header)")
                #expect(response.errorMessage == wrong, "\(header)")
                #expect(headers[.wwwAuthenticate] == #"Basic realm="hearth-scm""#)
            }
            let (badPassword, _) = try await client.kudu(.get, "/scm/orders/api/deployments", user: "$orders", password: password + "x")
            #expect(badPassword.errorMessage == wrong)

            let (badToken, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: "Bearer hth_unknown")
            #expect(badToken.errorMessage == "the API token is not valid (unknown, deleted or mistyped)")

            let (basic, _) = try await client.kudu(.get, "/scm/orders/api/deployments", user: "$orders", password: password)
            #expect(basic.status == .ok)
            let (bearer, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: "Bearer \(instance.adminToken)")
            #expect(bearer.status == .ok)
        }
    }
}
