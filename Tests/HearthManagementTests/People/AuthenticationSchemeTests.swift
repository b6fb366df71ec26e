import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import HummingbirdAuth
import Testing

@testable import HearthManagement

/// `Authorization` schemes in any case (RFC 9110 §11.1), parsed by hummingbird-auth after that.
@Suite struct AuthenticationSchemeTests {
    @Test(arguments: ["Bearer", "bearer", "BEARER", "bEaReR"])
    func bearerInAnyCase(scheme: String) {
        #expect(AuthenticationScheme.bearer(in: [.authorization: "\(scheme) hth_abc"])?.token == "hth_abc")
        #expect(AuthenticationScheme(authorization: "\(scheme) hth_abc") == .bearer)
    }

    @Test(arguments: ["Basic", "basic", "BASIC"])
    func basicInAnyCase(scheme: String) {
        let credentials = AuthenticationScheme.basic(in: [.authorization: "\(scheme) JG9yZGVyczpwYXNzd29yZA=="])  // $orders:password
        #expect(credentials?.username == "$orders")
        #expect(credentials?.password == "password")
    }

    @Test func otherSchemesAndMissingCredentialsAreNotMatched() {
        #expect(AuthenticationScheme.bearer(in: [.authorization: "Bearer"]) == nil)
        #expect(AuthenticationScheme.bearer(in: [.authorization: "Bearerx abc"]) == nil)
        #expect(AuthenticationScheme.bearer(in: [.authorization: "Basic abc"]) == nil)
        #expect(AuthenticationScheme.bearer(in: [:]) == nil)
        #expect(AuthenticationScheme.basic(in: [.authorization: "basic not-base64!!"]) == nil)
        #expect(AuthenticationScheme(authorization: "Digest username=x") == nil)
        #expect(AuthenticationScheme(authorization: "Basic") == nil)
        #expect(AuthenticationScheme(authorization: "basic x") == .basic)
    }
}

/// The API and the Kudu endpoint take `bearer` and `basic` spelled in any case.
@Suite struct AuthenticationSchemeCaseTests {
    @Test func apiAcceptsBearerInAnyCase() async throws {
        let instance = try await TestInstance()
        try await instance.test { client in
            for scheme in ["bearer", "BEARER", "Bearer"] {
                let response = try await client.raw(.get, "/api/apps", authorization: "\(scheme) \(instance.adminToken)")
                #expect(response.status == .ok, "\(scheme)")
            }
            let other = try await client.raw(.get, "/api/apps", authorization: "token \(instance.adminToken)")
            #expect(other.status == .unauthorized)
        }
    }

    @Test func kuduAcceptsBasicAndBearerInAnyCase() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let password = try await PublishingCredentialsIssuer(store: instance.store).ensure(for: app).password
        let basic = Data("$orders:\(password)".utf8).base64EncodedString()
        try await instance.test { client in
            for header in ["basic \(basic)", "BASIC \(basic)", "bearer \(instance.adminToken)"] {
                let (response, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: header)
                #expect(response.status == .ok, "\(header.prefix(6))")
            }
            let (wrong, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: "basic not-base64!!")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorMessage.hasPrefix("the publishing user or password is wrong"))
        }
    }
}
