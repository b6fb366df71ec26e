import Foundation
import HearthProfiles
import Testing

/// The XSD: kept in two places byte for byte, and every profile Hearth or Azure writes validates.
@Suite struct SchemaTests {
    @Test func embeddedSchemaEqualsTheFileInProfiles() throws {
        let file = try Data(contentsOf: ProfileFixtures.packageRoot.appendingPathComponent("Profiles/publishSettings.xsd"))
        #expect(file == Data(PublishSettingsSchema.xsd.utf8))
    }

    @Test func examplesAndRealWorldFixturesValidate() throws {
        let examples = try ProfileFixtures.examples()
        #expect(examples.count >= 2)
        for url in examples {
            try PublishSettings.validate(try Data(contentsOf: url))
        }
        for fixture in ["azure-functions.PublishSettings", "bom-crlf-whitespace.PublishSettings", "unknown-attributes.PublishSettings"] {
            try PublishSettings.validate(try ProfileFixtures.data(fixture))
        }
    }

    @Test func emittedProfilesValidate() throws {
        var profile = PublishProfile(
            profileName: "orders - Zip Deploy",
            publishMethod: .zipDeploy,
            publishUrl: "http://127.0.0.1:7070/scm/orders",
            userName: "$orders",
            userPWD: "pw with \"quotes\" & <angles>\tand\nbreaks"
        )
        profile.destinationAppUrl = "http://orders.localhost:7071"
        profile.databases = [PublishDatabase(attributes: [.init(name: "name", value: "Db"), .init(name: "connectionString", value: "a=b;")])]
        let xml = PublishSettings(profiles: [profile]).xml()
        try PublishSettings.validate(Data(xml.utf8))
        let parsed = try PublishSettings(parsing: Data(xml.utf8))
        #expect(parsed.profiles == [profile])
    }

    @Test func schemaViolationsSayWhere() throws {
        let xml = """
            <publishData>
              <publishProfile profileName="a" publishMethod="ZipDeploy" publishUrl="u" userName="$a" userPWD="p">
                <databases><add name="x" /></databases>
              </publishProfile>
            </publishData>
            """
        do {
            try PublishSettings.validate(Data(xml.utf8))
            Issue.record("a database entry without connectionString validated")
        } catch {
            #expect(error.code == .schemaViolation)
            #expect(error.line == 3)
            #expect(error.column == 16)
            #expect(error.message.contains("connectionString"))
        }
    }

    @Test func hostileFilesAreRefusedBeforeValidation() throws {
        #expect(throws: ProfileError.self) { try PublishSettings.validate(try ProfileFixtures.data("xxe.PublishSettings")) }
    }
}
