import Foundation
import HTTPTypes
import HearthCore
import HearthProfiles
import HearthStore
import Testing

@testable import HearthManagement

/// Publishing credentials and the publish profile: who sees what, reset, and a valid `.PublishSettings`.
@Suite struct PublishingTests {
    @Test func profileValidatesAndPointsAtThisInstance() async throws {
        var configuration = ManagementConfiguration()
        configuration.baseDomain = "fn.example.local"
        configuration.workerPublicURL = "http://10.1.2.3:7071"
        let instance = try await TestInstance(configuration: configuration)
        try await instance.seedApp()
        let (profileResponse, credentials) = try await instance.test { [adminToken = instance.adminToken] client in
            let profile = try await client.raw(.get, "/api/apps/orders/publishprofile", authorization: "Bearer \(adminToken)")
            let credentials = try await client.call(.get, "/api/apps/orders/publishingcredentials", token: adminToken)
            return (profile, credentials)
        }
        #expect(profileResponse.status == .ok)
        try PublishSettings.validate(profileResponse.body)
        let settings = try PublishSettings(parsing: profileResponse.body)
        let profile = try #require(settings.profiles.first)
        #expect(settings.profiles.count == 1)
        #expect(profile.publishMethod == .zipDeploy)
        #expect(profile.profileName == "orders - Zip Deploy")
        #expect(profile.userName == "$orders")
        #expect(profile.userPWD == credentials.json["password"] as? String)
        #expect(profile.userPWD.count == 60)
        #expect(profile.publishUrl == "http://127.0.0.1:7070/scm/orders" || profile.publishUrl.hasSuffix("/scm/orders"))
        #expect(profile.destinationAppUrl == "http://orders.fn.example.local:7071")
        #expect(credentials.json["scmUri"] as? String == profile.publishUrl)
        // The password is stored encrypted, not in clear text.
        let raw = try Data(contentsOf: instance.directory.appendingPathComponent("hearth.sqlite"))
        #expect(raw.range(of: Data(profile.userPWD.utf8)) == nil)
    }

    @Test func configuredScmURLAndCustomHostNamesAreHonoured() async throws {
        var configuration = ManagementConfiguration()
        configuration.baseDomain = "fn.example.local"
        configuration.workerPublicURL = "https://fn.example.local"
        configuration.scmURL = "https://{app}.scm.fn.example.local/"
        let instance = try await TestInstance(configuration: configuration)
        let app = try await instance.seedApp()
        try await instance.store.setHostNames(appID: app.id, ["orders.example.com"])
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.raw(.get, "/api/apps/orders/publishprofile", authorization: "Bearer \(adminToken)")
        }
        let profile = try #require(try PublishSettings(parsing: response.body).profiles.first)
        #expect(profile.publishUrl == "https://orders.scm.fn.example.local")
        #expect(profile.destinationAppUrl == "https://orders.example.com")
    }

    @Test func contributorsSeeAMaskedPasswordAndNoProfile() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        let owner = try await instance.token(role: .owner, tenant: "acme")
        let otherTenant = try await instance.seedApp("other", tenant: "globex")
        _ = otherTenant
        try await instance.test { client in
            let masked = try await client.call(.get, "/api/apps/orders/publishingcredentials", token: contributor)
            #expect(masked.status == .ok)
            #expect(masked.json["password"] is NSNull || masked.json["password"] == nil)
            #expect(masked.json["masked"] as? Bool == true)
            #expect(masked.json["userName"] as? String == "$orders")
            #expect(try await client.call(.get, "/api/apps/orders/publishprofile", token: contributor).status == .forbidden)
            #expect(try await client.call(.get, "/api/apps/orders/publishprofile", token: reader).status == .forbidden)
            #expect(try await client.call(.post, "/api/apps/orders/publishingcredentials/reset", token: reader).status == .forbidden)
            let shown = try await client.call(.get, "/api/apps/orders/publishingcredentials", token: owner)
            #expect((shown.json["password"] as? String)?.count == 60)
            // Another tenant's app does not exist for this owner.
            #expect(try await client.call(.get, "/api/apps/other/publishprofile", token: owner).status == .notFound)
            #expect(try await client.call(.get, "/api/apps/orders/publishprofile", token: nil).status == .unauthorized)
        }
    }

    @Test func resetInvalidatesTheOldPasswordAtOnce() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let before = try await client.call(.get, "/api/apps/orders/publishingcredentials", token: adminToken)
            let old = try #require(before.json["password"] as? String)
            #expect(try await client.kudu(.get, "/scm/orders/api/deployments", user: "$orders", password: old).response.status == .ok)
            let reset = try await client.call(.post, "/api/apps/orders/publishingcredentials/reset", token: adminToken)
            let new = try #require(reset.json["password"] as? String)
            #expect(new != old)
            #expect(try await client.kudu(.get, "/scm/orders/api/deployments", user: "$orders", password: old).response.status == .unauthorized)
            #expect(try await client.kudu(.get, "/scm/orders/api/deployments", user: "$orders", password: new).response.status == .ok)
            let again = try await client.call(.get, "/api/apps/orders/publishingcredentials", token: adminToken)
            #expect(again.json["password"] as? String == new)
        }
    }

    @Test func passwordComparisonIsExact() {
        #expect(PublishingPassword.matches("abc", "abc"))
        #expect(!PublishingPassword.matches("abc", "abd"))
        #expect(!PublishingPassword.matches("abc", "abcd"))
        #expect(!PublishingPassword.matches("", "abc"))
        let password = PublishingPassword.generate()
        #expect(password.count == 60 && password.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(PublishingPassword.generate() != password)
    }
}
