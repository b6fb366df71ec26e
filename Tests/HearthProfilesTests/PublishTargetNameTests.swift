import HearthProfiles
import Testing

/// The name a profile is saved under when `hearth profile import` is not given `--name`.
@Suite struct PublishTargetNameTests {
    static func webDeploy(site: String?, user: String = "", url: String = "iis.corp.example:8172") -> PublishProfile {
        var profile = PublishProfile(profileName: "", publishMethod: .msDeploy, publishUrl: url, userName: user, userPWD: "pw")
        profile.msdeploySite = site
        return profile
    }

    @Test func aValidSiteNameIsKeptAsItIs() {
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: "orders-fn")) == "orders-fn")
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: "Orders.Fn_2")) == "Orders.Fn_2")
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: nil, user: "$orders")) == "orders")
    }

    @Test(arguments: [
        ("Default Web Site/legacy", "legacy"),
        (#"Default Web Site\legacy"#, "legacy"),
        ("Default Web Site/Legacy App", "legacy-app"),
        (#"Default Web Site\apps\Billing (v2)"#, "billing-v2"),
        ("Default Web Site", "default-web-site"),
        ("Default Web Site/", "default-web-site"),
        ("/.hidden", "hidden"),
        ("Crème brûlée", "cr-me-br-l-e"),
    ])
    func anIISPathBecomesItsLastSegmentLowerCased(site: String, expected: String) {
        let name = PublishTargetName.derived(from: Self.webDeploy(site: site))
        #expect(name == expected)
        #expect(PublishTargetName.isValid(name))
    }

    @Test func aSiteWithNothingUsableFallsBackToTheHostThenToProfile() {
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: "/// ***")) == "iis.corp.example")
        let withURL = Self.webDeploy(site: "ü/", url: "https://Deploy.Corp.Example:8172/msdeploy.axd")
        #expect(PublishTargetName.derived(from: withURL) == "deploy.corp.example")
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: "***", url: "[fd00::1]:8172")) == "fd00-1")
        #expect(PublishTargetName.derived(from: Self.webDeploy(site: "***", url: "")) == "profile")
    }

    @Test func aLongSiteNameIsCutToALengthAFileNameCanHave() {
        let long = String(repeating: "a", count: 70) + " b"
        let name = PublishTargetName.derived(from: Self.webDeploy(site: long))
        #expect(name == String(repeating: "a", count: PublishTargetName.maximumDerivedLength))
    }

    @Test func onlyFileNameCharactersAndNoLeadingDotAreValid() {
        #expect(PublishTargetName.isValid("orders-fn.v2_prod"))
        #expect(!PublishTargetName.isValid(""))
        #expect(!PublishTargetName.isValid(".orders"))
        #expect(!PublishTargetName.isValid("Default Web Site/legacy"))
        #expect(!PublishTargetName.isValid("ordérs"))
    }
}
