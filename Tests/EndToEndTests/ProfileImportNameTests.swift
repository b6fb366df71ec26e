import Foundation
import Testing

/// `hearth profile import` without `--name` saves any valid profile under a valid name, and says which.
@Suite struct ProfileImportNameTests {
    /// A Web Deploy profile for an IIS application, as IIS Manager writes it.
    static func iisProfile(site: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <publishData><publishProfile profileName="legacy - Web Deploy" publishMethod="MSDeploy" \
        publishUrl="https://iis.corp.example:8172/msdeploy.axd" msdeploySite="\(site)" userName="deployer" \
        userPWD="EXAMPLEiisPassword0000" destinationAppUrl="http://iis.corp.example/legacy"><databases /></publishProfile></publishData>
        """
    }

    func importProfile(site: String, extra: [String] = []) throws -> (status: Int32, output: String, config: URL) {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let file = config.appendingPathComponent("legacy.PublishSettings")
        try Self.iisProfile(site: site).write(to: file, atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": config.path, "HEARTH_TOKEN": nil]
        let run = try HearthCLI.run(["profile", "import", file.path] + extra, environment: environment)
        return (run.status, run.output, config)
    }

    @Test(arguments: ["Default Web Site/legacy", #"Default Web Site\legacy"#])
    func anIISPathSiteIsSavedUnderItsLastSegment(site: String) throws {
        let imported = try importProfile(site: site)
        defer { try? FileManager.default.removeItem(at: imported.config) }
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("the site name '\(site)' cannot name a publish target; using 'legacy'"), "\(imported.output)")
        #expect(imported.output.contains("saved publish target 'legacy'"), "\(imported.output)")
        #expect(imported.output.contains("--profile legacy"), "\(imported.output)")
        #expect(!imported.output.contains("EXAMPLEiisPassword0000"))
        let saved = imported.config.appendingPathComponent("hearth/publish-targets/legacy.json")
        #expect(FileManager.default.fileExists(atPath: saved.path))
    }

    @Test func anExplicitNameIsUsedAsItIs() throws {
        let imported = try importProfile(site: "Default Web Site/legacy", extra: ["--name", "old-billing"])
        defer { try? FileManager.default.removeItem(at: imported.config) }
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("saved publish target 'old-billing'"), "\(imported.output)")
        #expect(!imported.output.contains("cannot name a publish target"), "\(imported.output)")
    }

    @Test func anInvalidExplicitNameIsStillRefused() throws {
        let imported = try importProfile(site: "legacy", extra: ["--name", "Default Web Site/legacy"])
        defer { try? FileManager.default.removeItem(at: imported.config) }
        #expect(imported.status != 0)
        #expect(imported.output.contains("'Default Web Site/legacy' cannot name a publish target"), "\(imported.output)")
    }
}
