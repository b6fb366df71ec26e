import HearthCore
import Testing

@Suite struct KeysTests {
    private let keys = KeySet(
        masterKey: "master-secret",
        hostKeys: ["default": "host-secret"],
        systemKeys: ["durabletask_extension": "system-secret"],
        functionKeys: ["HttpHello": ["default": "fn-secret", "ci": "fn-ci"], "Other": ["default": "other-secret"]]
    )

    @Test func levels() {
        #expect(keys.authorizationLevel(for: "master-secret", function: "HttpHello") == (.admin, "master"))
        #expect(keys.authorizationLevel(for: "system-secret", function: "HttpHello") == (.system, "durabletask_extension"))
        #expect(keys.authorizationLevel(for: "host-secret", function: "HttpHello") == (.function, "default"))
        #expect(keys.authorizationLevel(for: "fn-ci", function: "HttpHello") == (.function, "ci"))
        #expect(keys.authorizationLevel(for: "fn-secret", function: "httphello") == (.function, "default"))
    }

    @Test func wrongOrMissingKeys() {
        #expect(keys.authorizationLevel(for: "other-secret", function: "HttpHello") == (.anonymous, nil))
        #expect(keys.authorizationLevel(for: "master-secreT", function: "HttpHello") == (.anonymous, nil))
        #expect(keys.authorizationLevel(for: "master-secret-longer", function: "HttpHello") == (.anonymous, nil))
        #expect(keys.authorizationLevel(for: "", function: "HttpHello") == (.anonymous, nil))
        #expect(keys.authorizationLevel(for: nil, function: "HttpHello") == (.anonymous, nil))
        #expect(KeySet().authorizationLevel(for: "anything", function: "F") == (.anonymous, nil))
    }

    @Test func levelOrderAndNames() {
        #expect(AuthorizationLevel.anonymous < .function)
        #expect(AuthorizationLevel.function < .admin)
        #expect(AuthorizationLevel(jsonName: "Anonymous") == .anonymous)
        #expect(AuthorizationLevel(jsonName: "ADMIN") == .admin)
        #expect(AuthorizationLevel(jsonName: "root") == nil)
        #expect(AuthorizationLevel.allCases.map(\.jsonName) == ["anonymous", "user", "function", "system", "admin"])
    }

    @Test func generatedKeys() {
        let a = FunctionKeyGenerator.generate()
        let b = FunctionKeyGenerator.generate()
        #expect(a.count == 56)
        #expect(a != b)
        #expect(a.hasSuffix("="))
        #expect(!a.contains("+") && !a.contains("/"))
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
        #expect(a.allSatisfy { alphabet.contains($0) })
    }

    @Test(arguments: ["a", "orders-api", "x1", String(repeating: "a", count: 63)])
    func validAppNames(_ name: String) {
        #expect(throws: Never.self) { try ResourceName.validateAppName(name) }
        #expect(throws: Never.self) { try ResourceName.validateTenantName(name) }
    }

    @Test(arguments: ["", "-a", "a-", "Orders", "a_b", "a.b", "ä", String(repeating: "a", count: 64)])
    func invalidAppNames(_ name: String) {
        #expect(throws: HearthError.self) { try ResourceName.validateAppName(name) }
        #expect(throws: HearthError.self) { try ResourceName.validateTenantName(name) }
    }

    @Test func invalidNameSuggestsAFix() {
        do {
            try ResourceName.validateAppName("My_Orders App")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidName)
            #expect(error.fix == "use a name such as 'my-orders-app'")
            #expect(error.message.contains("DNS label"))
        }
    }

    @Test func keyNames() {
        #expect(throws: Never.self) { try ResourceName.validateKeyName("default") }
        #expect(throws: Never.self) { try ResourceName.validateKeyName("CI_deploy.v2-x") }
        #expect(throws: HearthError.self) { try ResourceName.validateKeyName("") }
        #expect(throws: HearthError.self) { try ResourceName.validateKeyName("has space") }
        #expect(throws: HearthError.self) { try ResourceName.validateKeyName(String(repeating: "k", count: 129)) }
    }
}
