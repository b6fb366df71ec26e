import Foundation
import HearthCore
import HearthStore
import Testing

/// The behaviour every `Store` backend must have, written once against ``ContractFixture``.
/// ``SQLiteStoreContractTests`` runs it on SQLite always; ``SQLServerStoreContractTests`` on SQL
/// Server when `HEARTH_TEST_MSSQL` holds a connection string.
enum StoreContract {
    static func tenantsAndAppsAreUniqueByName(_ f: some ContractFixture) async throws {
        let app = try await f.app("orders")
        await #expect(throws: StoreError.self) { try await f.store.createTenant(Tenant(name: "t-orders")) }
        await #expect(throws: StoreError.self) { try await f.store.createApp(AppRecord(tenantID: app.tenantID, name: "orders")) }
        #expect(try await f.store.app(named: "orders")?.id == app.id)
        #expect(try await f.store.apps(tenantID: app.tenantID).map(\.name) == ["orders"])
        // An app of a tenant that does not exist is refused.
        do {
            try await f.store.createApp(AppRecord(tenantID: UUID(), name: "orphan"))
            Issue.record("expected a failure")
        } catch let error as StoreError {
            #expect(error.code == .notFound)
        }
    }

    static func hostNamesRouteToOneAppOnly(_ f: some ContractFixture) async throws {
        let a = try await f.app("a")
        let b = try await f.app("b")
        try await f.store.setHostNames(appID: a.id, ["Api.Example.COM"])
        #expect(try await f.store.app(hostName: "api.example.com")?.id == a.id)
        await #expect(throws: StoreError.self) { try await f.store.setHostNames(appID: b.id, ["api.example.com"]) }
        #expect(try await f.store.app(id: b.id)?.hostNames == [])
    }

    static func deploymentsActivateOnlyWhenSucceeded(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        try await f.store.putPackage(sha256: "abc", content: Data("zip".utf8))
        try await f.store.putPackage(sha256: "abc", content: Data("zip".utf8))  // idempotent
        var failed = Deployment(appID: app.id, packageSHA256: "abc", packageSize: 3, status: .failed)
        try await f.store.createDeployment(failed)
        do {
            try await f.store.activateDeployment(appID: app.id, deploymentID: failed.id)
            Issue.record("a failed deployment was activated")
        } catch let error as StoreError {
            #expect(error.code == .invalidState)
        }
        failed.status = .succeeded
        failed.functionNames = ["Hello"]
        try await f.store.updateDeployment(failed)
        let before = try await f.store.changeVersion()
        try await f.store.activateDeployment(appID: app.id, deploymentID: failed.id)
        #expect(try await f.store.app(id: app.id)?.activeDeploymentID == failed.id)
        #expect(try await f.store.changeVersion() > before)
        #expect(try await f.store.deployment(id: failed.id)?.functionNames == ["Hello"])
        #expect(try await f.store.package(sha256: "abc") == Data("zip".utf8))
    }

    static func activationReplacesOnlyTheExpectedDeployment(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        try await f.store.putPackage(sha256: "abc", content: Data("zip".utf8))
        let deployments = (0..<4).map { _ in Deployment(appID: app.id, packageSHA256: "abc", packageSize: 3, status: .succeeded) }
        for deployment in deployments { try await f.store.createDeployment(deployment) }
        let base = deployments[0]
        try await f.store.activateDeployment(appID: app.id, deploymentID: base.id)
        // Two switches from the same base at once: exactly one wins.
        let store = f.store
        let won = try await withThrowingTaskGroup(of: UUID?.self) { group in
            for deployment in deployments[1...2] {
                group.addTask {
                    try await store.activateDeployment(appID: app.id, deploymentID: deployment.id, replacing: base.id) ? deployment.id : nil
                }
            }
            return try await group.reduce(into: [UUID]()) { if let id = $1 { $0.append(id) } }
        }
        #expect(won.count == 1)
        #expect(try await f.store.app(id: app.id)?.activeDeploymentID == won.first)
        // From a base that no longer serves nothing changes.
        #expect(try await f.store.activateDeployment(appID: app.id, deploymentID: deployments[3].id, replacing: base.id) == false)
        #expect(try await f.store.app(id: app.id)?.activeDeploymentID == won.first)
        let winner = try #require(won.first)
        #expect(try await f.store.activateDeployment(appID: app.id, deploymentID: deployments[3].id, replacing: winner))
        #expect(try await f.store.app(id: app.id)?.activeDeploymentID == deployments[3].id)
    }

    static func secretSettingsAndKeysAreEncryptedAtRest(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        try await f.store.putSettings(
            appID: app.id,
            [
                AppSetting(name: "DB_PASSWORD", value: "s3cr3t-value-🔑", isSecret: true),
                AppSetting(name: "MODE", value: "fast", isSecret: false),
            ]
        )
        _ = try await f.store.putKey(appID: app.id, FunctionKey(scope: .master, name: "master", value: "master-key-value-XYZ"))
        let settings = try await f.store.settings(appID: app.id)
        #expect(settings.map(\.value) == ["s3cr3t-value-🔑", "fast"])
        #expect(try await f.store.keys(appID: app.id).first?.value == "master-key-value-XYZ")

        // The stored bytes hold neither secret in clear text; the plain setting is there.
        for secret in ["s3cr3t-value", "master-key-value-XYZ"] {
            #expect(try await f.storageContains(Data(secret.utf8)) == false)
        }
        #expect(try await f.storageContains(Data("fast".utf8)))

        // Another master key cannot read them.
        let other = try await f.reopened(keyBytes: Data(repeating: 7, count: 32))
        await #expect(throws: StoreError.self) { try await other.settings(appID: app.id) }
    }

    static func keysInsertReplaceDelete(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        #expect(try await f.store.putKey(appID: app.id, FunctionKey(scope: .function, functionName: "Hello", name: "default", value: "one")) == true)
        #expect(try await f.store.putKey(appID: app.id, FunctionKey(scope: .function, functionName: "Hello", name: "default", value: "two")) == false)
        #expect(try await f.store.keys(appID: app.id).map(\.value) == ["two"])
        #expect(try await f.store.deleteKey(appID: app.id, scope: .function, functionName: "Hello", name: "default") == true)
        #expect(try await f.store.deleteKey(appID: app.id, scope: .function, functionName: "Hello", name: "default") == false)
    }

    static func tokensAreFoundByHashOnly(_ f: some ContractFixture) async throws {
        let token = APIToken(name: "ci", role: .contributor)
        try await f.store.createToken(token, secretHash: "hash-1")
        #expect(try await f.store.token(secretHash: "hash-1")?.id == token.id)
        #expect(try await f.store.token(secretHash: "hash-2") == nil)
        #expect(try await f.store.deleteToken(id: token.id))
        #expect(try await f.store.tokens().isEmpty)
    }

    static func invocationLogUpsertsListsAndPrunes(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        var running = InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", startedAt: Date(timeIntervalSinceNow: -10))
        let old = InvocationRecord(
            appID: app.id,
            functionName: "Tick",
            trigger: "timer",
            startedAt: Date(timeIntervalSinceNow: -86_400 * 10),
            status: .succeeded
        )
        try await f.store.writeInvocations([running, old])
        running.status = .failed
        running.error = "boom"
        running.logs = ["line 1", "line 2"]
        running.durationMilliseconds = 12.5
        try await f.store.writeInvocations([running])
        let hello = try await f.store.invocations(appID: app.id, functionName: "hello", limit: 10)
        #expect(hello.count == 1)
        #expect(hello.first?.status == .failed)
        #expect(hello.first?.logs == ["line 1", "line 2"])
        #expect(try await f.store.invocations(appID: app.id, functionName: nil, limit: 10).map(\.functionName) == ["Hello", "Tick"])
        #expect(try await f.store.pruneInvocations(startedBefore: Date(timeIntervalSinceNow: -86_400)) == 1)
        // A record of a deleted app is dropped; the rest of the batch is written.
        let orphan = InvocationRecord(appID: UUID(), functionName: "Gone", trigger: "http")
        try await f.store.writeInvocations([orphan, InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http")])
        #expect(try await f.store.invocation(id: orphan.id) == nil)
        #expect(try await f.store.invocations(appID: app.id, functionName: nil, limit: 10).count == 2)
    }

    static func eachTimerOccurrenceIsClaimedOnce(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        let occurrence = Date(timeIntervalSince1970: 1_800_000_000)
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    try await f.store.claimTimerOccurrence(appID: app.id, functionName: "Tick", occurrence: occurrence, owner: "w\(worker)")
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        #expect(
            try await f.store.claimTimerOccurrence(appID: app.id, functionName: "Tick", occurrence: occurrence.addingTimeInterval(60), owner: "w0")
        )
        let status = TimerStatus(last: occurrence, next: occurrence.addingTimeInterval(60), lastUpdated: occurrence)
        try await f.store.setTimerStatus(appID: app.id, functionName: "Tick", status)
        #expect(try await f.store.timerStatus(appID: app.id, functionName: "tick") == status)
    }

    static func leasesAreExclusiveUntilTheyExpire(_ f: some ContractFixture) async throws {
        #expect(try await f.store.acquireLease(name: "singleton", owner: "a", duration: .seconds(30)))
        #expect(try await f.store.acquireLease(name: "singleton", owner: "b", duration: .seconds(30)) == false)
        #expect(try await f.store.acquireLease(name: "singleton", owner: "a", duration: .seconds(30)))  // renewal
        try await f.store.releaseLease(name: "singleton", owner: "a")
        #expect(try await f.store.acquireLease(name: "singleton", owner: "b", duration: .milliseconds(1)))
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await f.store.acquireLease(name: "singleton", owner: "c", duration: .seconds(30)))  // b's expired
    }

    static func deletingATenantRemovesItsApps(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        try await f.store.putSettings(appID: app.id, [AppSetting(name: "A", value: "1", isSecret: false)])
        #expect(try await f.store.deleteTenant(id: app.tenantID))
        #expect(try await f.store.app(id: app.id) == nil)
        #expect(try await f.store.settings(appID: app.id).isEmpty)
    }

    static func publishingCredentialsIssueOnceAndReset(_ f: some ContractFixture) async throws {
        let app = try await f.app("pub")
        let first = PublishingCredentials(userName: "$pub", password: "first-Password-0123456789")
        #expect(try await f.store.setPublishingCredentials(appID: app.id, first, replace: false))
        #expect(
            try await f.store.setPublishingCredentials(appID: app.id, PublishingCredentials(userName: "$pub", password: "other"), replace: false)
                == false
        )
        #expect(try await f.store.publishingCredentials(appID: app.id)?.password == first.password)
        let reset = PublishingCredentials(userName: "$pub", password: "reset-Password-0123456789")
        #expect(try await f.store.setPublishingCredentials(appID: app.id, reset, replace: true))
        #expect(try await f.store.publishingCredentials(appID: app.id)?.password == reset.password)
        await #expect(throws: StoreError.self) { try await f.store.setPublishingCredentials(appID: UUID(), reset, replace: true) }
    }

    static func unicodeAndLargePackagesRoundTrip(_ f: some ContractFixture) async throws {
        let app = try await f.app("ünïcode-🔥")
        #expect(try await f.store.app(named: "ünïcode-🔥")?.id == app.id)
        let package = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try await f.store.putPackage(sha256: "big", content: package)
        #expect(try await f.store.package(sha256: "big") == package)
        try await f.store.putSettings(
            appID: app.id,
            [AppSetting(name: "EMPTY", value: "", isSecret: false), AppSetting(name: "𝄞", value: "🎵", isSecret: true)]
        )
        #expect(try await f.store.settings(appID: app.id).map(\.value).sorted() == ["", "🎵"])
    }
}
