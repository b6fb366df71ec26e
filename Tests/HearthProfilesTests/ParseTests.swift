import Foundation
import HearthProfiles
import Testing

/// Publish profiles as real tools write them.
@Suite struct ParseTests {
    @Test func azureDownloadWithEveryKindOfProfile() throws {
        let settings = try PublishSettings(parsing: try ProfileFixtures.data("azure-functions.PublishSettings"))
        #expect(
            settings.profiles.map(\.profileName) == [
                "orders-fn - Web Deploy", "orders-fn - FTP", "orders-fn - Zip Deploy", "orders-fn - ReadOnly - FTP",
            ]
        )
        #expect(settings.profiles.map(\.publishMethod) == [.msDeploy, .ftp, .zipDeploy, .ftp])
        let web = settings.profiles[0]
        #expect(web.msdeploySite == "orders-fn")
        #expect(web.publishUrl == "orders-fn.scm.azurewebsites.net:443")
        #expect(web.userName == "$orders-fn")
        #expect(web.siteName == "orders-fn")
        #expect(web[attribute: "targetDatabaseEngineType"] == "sqlazuredatabase")
        #expect(web.databases.count == 1)
        #expect(web.databases[0].name == "OrdersDb")
        #expect(web.databases[0].connectionString?.hasSuffix("Password=Db&Pass\"1;") == true)
        #expect(web.databases[0].providerName == "System.Data.SqlClient")
        #expect(web.databases[0].type == "Sql")
        let ftp = settings.profiles[1]
        #expect(ftp.userName == #"orders-fn\$orders-fn"#)
        #expect(ftp.siteName == "orders-fn")
        #expect(ftp[attribute: "ftpPassiveMode"] == "True")
        #expect(ftp.publishMethod.reachesKudu == false)
        #expect(settings.profiles[2].publishMethod.reachesKudu)
        #expect(settings.profiles[3].publishUrl.contains("dr.ftp"))
        // Every attribute Azure writes is known.
        #expect(settings.profiles.allSatisfy { $0.unknownAttributes.isEmpty })
    }

    @Test func bomCRLFAndOddWhitespace() throws {
        let data = try ProfileFixtures.data("bom-crlf-whitespace.PublishSettings")
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let settings = try PublishSettings(parsing: data)
        #expect(settings.profiles.count == 2)
        let zip = settings.profiles[0]
        #expect(zip.profileName == "orders-fn - Zip Deploy")
        #expect(zip.publishMethod == .zipDeploy)
        #expect(zip.publishUrl == "orders-fn.scm.azurewebsites.net:443")
        #expect(zip.userPWD.hasPrefix("EXAMPLEpassword"))
        #expect(zip.databases.first?.connectionString == "Server=tcp:orders.database.windows.net,1433;Database=orders;")
        #expect(settings.profiles[1].msdeploySite == "orders-fn")
    }

    @Test func unknownAttributesAreKeptAndSurviveARoundTrip() throws {
        let settings = try PublishSettings(parsing: try ProfileFixtures.data("unknown-attributes.PublishSettings"))
        let profile = try #require(settings.profiles.first)
        #expect(profile.userPWD == "p@ss<w0rd>")
        #expect(profile.unknownAttributes.map(\.name) == ["ideColor", "x-deploy-slot"])
        #expect(profile[attribute: "x-deploy-slot"] == "staging")
        let again = try PublishSettings(parsing: Data(settings.xml().utf8))
        #expect(again == settings)
    }

    @Test func unknownElementsAreSkipped() throws {
        let xml = """
            <publishData><publishProfile profileName="a" publishMethod="ZipDeploy" publishUrl="u" userName="$a" userPWD="p">
            <toolMetadata version="1"><nested/></toolMetadata><databases><add name="d" connectionString="c"/></databases>
            </publishProfile><somethingElse/></publishData>
            """
        let settings = try PublishSettings(parsing: Data(xml.utf8))
        #expect(settings.profiles.count == 1)
        #expect(settings.profiles[0].databases.map(\.name) == ["d"])
    }

    @Test func typedPropertiesEditAttributesInPlace() {
        var profile = PublishProfile(profileName: "a - Zip Deploy", publishMethod: .zipDeploy, publishUrl: "u", userName: "$a", userPWD: "p")
        profile.destinationAppUrl = "http://a.localhost:7071"
        profile[attribute: "custom"] = "x"
        profile.userPWD = "q"
        #expect(
            profile.attributes.map(\.name) == ["profileName", "publishMethod", "publishUrl", "userName", "userPWD", "destinationAppUrl", "custom"]
        )
        #expect(profile.userPWD == "q")
        profile[attribute: "custom"] = nil
        #expect(profile.unknownAttributes.isEmpty)
    }
}
