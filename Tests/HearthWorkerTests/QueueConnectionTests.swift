import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthWorker

/// Which queue account a binding's `connection` reaches, and that it is always one of the app's tenant.
@Suite struct QueueConnectionTests {
    let key = Data(repeating: 9, count: 64)

    func connectionString(_ account: String, _ key: Data) -> String {
        "DefaultEndpointsProtocol=http;AccountName=\(account);AccountKey=\(key.base64EncodedString());QueueEndpoint=http://h:1/\(account);"
    }

    @Test func settingsResolveAsAzureReadsThem() throws {
        func resolve(_ connection: String?, _ settings: [String: String]) throws -> QueueConnection {
            try QueueConnection.resolve(connection: connection, settings: settings, function: "Work")
        }
        // No connection: AzureWebJobsStorage; missing or development storage: the tenant's default.
        #expect(try resolve(nil, [:]) == .tenantDefault)
        #expect(try resolve(nil, ["AzureWebJobsStorage": "UseDevelopmentStorage=true"]) == .tenantDefault)
        #expect(try resolve("Missing", [:]) == .tenantDefault)
        #expect(
            try resolve(nil, ["AzureWebJobsStorage": connectionString("Acme", key)])
                == .account(name: "acme", key: key, setting: "AzureWebJobsStorage")
        )
        // A named setting, then AzureWebJobs<name>.
        #expect(try resolve("Orders", ["Orders": connectionString("orders1", key)]) == .account(name: "orders1", key: key, setting: "Orders"))
        #expect(
            try resolve("Orders", ["AzureWebJobsOrders": connectionString("orders2", key)])
                == .account(name: "orders2", key: key, setting: "AzureWebJobsOrders")
        )
    }

    @Test func anUnusableConnectionStringNamesTheFunctionAndSettingButNeverTheKey() {
        let secret = "c2VjcmV0LWtleS12YWx1ZQ=="
        for value in ["AccountName=acme", "SharedAccessSignature=sv=1&sig=\(secret)", "AccountName=acme;AccountKey=***"] {
            do {
                _ = try QueueConnection.resolve(connection: "Conn", settings: ["Conn": value], function: "Work")
                Issue.record("\(value) was accepted")
            } catch {
                #expect(error.message.contains("'Work'") && error.message.contains("'Conn'"), "\(error)")
                #expect(!error.message.contains(secret) && !error.message.contains("***"))
            }
        }
    }

    @Test func anAccountMustBelongToTheAppsTenantAndTheKeyMustMatch() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-qconn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let mine = Tenant(name: "mine")
        let theirs = Tenant(name: "theirs")
        try await store.createTenant(mine)
        try await store.createTenant(theirs)
        let keys = QueueAccountKeys.generate()
        try await store.createQueueAccount(QueueAccount(tenantID: mine.id, name: "mineextra"), keys: keys)
        let otherKeys = QueueAccountKeys.generate()
        try await store.createQueueAccount(QueueAccount(tenantID: theirs.id, name: "theirsextra"), keys: otherKeys)
        let resolver = QueueAccountResolver(store: store)

        let byDefault = try await resolver.account(for: .tenantDefault, tenantID: mine.id, function: "Work")
        #expect(byDefault.tenantID == mine.id && byDefault.isDefault)
        let primary = try await resolver.account(
            for: .account(name: "mineextra", key: keys.primary, setting: "S"),
            tenantID: mine.id,
            function: "Work"
        )
        #expect(primary.name == "mineextra")
        let secondary = try await resolver.account(
            for: .account(name: "mineextra", key: keys.secondary, setting: "S"),
            tenantID: mine.id,
            function: "Work"
        )
        #expect(secondary.name == "mineextra")

        let refused: [QueueConnection] = [
            .account(name: "mineextra", key: otherKeys.primary, setting: "S"),  // wrong key
            .account(name: "theirsextra", key: otherKeys.primary, setting: "S"),  // another tenant's account, right key
            .account(name: "nosuchaccount", key: keys.primary, setting: "S"),
        ]
        for connection in refused {
            await #expect(throws: QueueBindingError.self) {
                try await resolver.account(for: connection, tenantID: mine.id, function: "Work")
            }
        }
        do {
            _ = try await resolver.account(for: refused[0], tenantID: mine.id, function: "Work")
        } catch {
            #expect("\(error)".contains("'Work'") && "\(error)".contains("'S'"))
            #expect(!"\(error)".contains(otherKeys.primary.base64EncodedString()))
        }
    }
}
