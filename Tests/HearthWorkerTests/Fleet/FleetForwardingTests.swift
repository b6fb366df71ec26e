import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import Synchronization
import Testing

@testable import HearthWorker

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two workers, A and B, on one SQLite store and separate ports: an app placed only on B is served
/// by B whichever worker a request reaches, is never started or timed on A, and an app placed
/// nowhere is served by the worker the request reaches.
@Suite(.serialized, .enabled(if: NodeWorkerScriptTests.node != nil, "Node.js is not installed"))
struct FleetForwardingTests {
    static let files: [String: String] = [
        "host.json": #"{"version": "2.0", "functionTimeout": "00:00:30"}"#,
        "Echo/function.json": """
        {"bindings": [
          {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": ["get", "post"]},
          {"type": "http", "direction": "out", "name": "res"}]}
        """,
        "Echo/index.js": """
        module.exports = async function (context, req) {
          context.res = { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({
            url: req.url, body: req.body || '', query: req.query, headers: req.headers }) };
        };
        """,
        "Guarded/function.json": """
        {"bindings": [
          {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function", "methods": ["get"]},
          {"type": "http", "direction": "out", "name": "res"}]}
        """,
        "Guarded/index.js": "module.exports = async function (context) { context.res = { body: 'secret' }; };",
        "Tick/function.json": """
        {"bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "* * * * * *"}]}
        """,
        "Tick/index.js": "module.exports = async function (context) { context.log('tick'); };",
    ]

    /// The ports the workers listen on, by name.
    final class Ports: Sendable {
        let value = Mutex<[String: Int]>([:])
    }

    struct Reply {
        var status: Int
        var body: String
        var invocation: UUID?
    }

    static func request(
        _ port: Int,
        _ path: String,
        method: String = "GET",
        body: String? = nil,
        headers: [String: String] = [:]
    ) async throws
        -> Reply
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let id = (http?.value(forHTTPHeaderField: Invoker.invocationIDHeader)).flatMap(UUID.init(uuidString:))
        return Reply(status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self), invocation: id)
    }

    /// The worker that ran an invocation (the log is written a moment after the answer).
    static func worker(of invocation: UUID?, store: SQLiteStore) async throws -> String? {
        guard let invocation else { return nil }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let record = try await store.invocation(id: invocation), record.status != .running { return record.workerID }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test(.timeLimit(.minutes(3)))
    func anAppPlacedOnBIsServedAndTimedOnlyByB() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-forwarding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        // The timer of the app placed nowhere is not wanted here: disabled.
        let apps = try await Self.deployNodeApps(["placed", "anywhere"], store: store, root: root, timerDisabled: ["anywhere"])
        _ = try await store.putKey(appID: apps["placed"]!.id, FunctionKey(scope: .host, name: "default", value: "host-key-1"))
        // Both workers' rows exist before they start (as after a first start), so the
        // placement can name B; each worker's registration then updates its URL.
        var ids: [String: UUID] = [:]
        for name in ["wa", "wb"] {
            let registration = WorkerRegistration(name: name, advertiseURL: "http://127.0.0.1:9", capacityMB: 1024, version: "test")
            guard case .admitted(let record) = try await store.registerWorker(registration, credentialHash: nil, at: Date()) else {
                Issue.record("worker \(name) not admitted")
                return
            }
            ids[name] = record.id
        }
        try await store.replacePlacements(appID: apps["placed"]!.id, workerIDs: [ids["wb"]!], at: Date())

        let ports = Ports()
        func worker(_ name: String) -> WorkerRole {
            var configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent(name))
            configuration.workerID = name
            configuration.port = 0
            configuration.pythonPoolSize = 0
            configuration.fleet.name = name
            configuration.fleet.forwardingKey = [UInt8](repeating: 9, count: 32)
            configuration.fleet.heartbeatInterval = .milliseconds(200)
            return WorkerRole(store: store, configuration: configuration, logger: Logger(label: name)) { port in
                ports.value.withLock { $0[name] = port }
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker("wa").run() }
            group.addTask { try await worker("wb").run() }
            defer { group.cancelAll() }
            // Both listening, and B's registration (its real URL) read by A.
            let deadline = ContinuousClock.now + .seconds(60)
            var a = 0
            var b = 0
            while ContinuousClock.now < deadline {
                (a, b) = ports.value.withLock { ($0["wa"] ?? 0, $0["wb"] ?? 0) }
                if a > 0, b > 0, try await store.worker(named: "wb")?.registration.advertiseURL == "http://127.0.0.1:\(b)" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try #require(a > 0 && b > 0)

            // A forwards to B: the client's path, query, body and Host arrive; B ran it.
            var reply = try await Self.request(a, "/_app/placed/api/Echo?x=1&y=two", method: "POST", body: "payload")
            if reply.status != 200 {
                // A reads B's new URL at its next heartbeat (200 ms): at most a few tries.
                for _ in 0..<50 where reply.status != 200 {
                    try await Task.sleep(for: .milliseconds(200))
                    reply = try await Self.request(a, "/_app/placed/api/Echo?x=1&y=two", method: "POST", body: "payload")
                }
            }
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.body.contains(#""body":"payload""#))
            #expect(reply.body.contains(#""y":"two""#))
            #expect(reply.body.contains("127.0.0.1:\(a)/_app/placed/api/Echo?x=1&y=two"), "\(reply.body)")
            #expect(!reply.body.lowercased().contains("x-hearth-forwarded"), "the header reached the function")
            #expect(try await Self.worker(of: reply.invocation, store: store) == "wb")

            // Function keys are still enforced (by B), and pass through A.
            #expect(try await Self.request(a, "/_app/placed/api/Guarded").status == 401)
            let keyed = try await Self.request(a, "/_app/placed/api/Guarded", headers: ["x-functions-key": "host-key-1"])
            #expect(keyed.status == 200)
            #expect(keyed.body == "secret")

            // B serves it itself.
            let direct = try await Self.request(b, "/_app/placed/api/Echo")
            #expect(direct.status == 200)
            #expect(try await Self.worker(of: direct.invocation, store: store) == "wb")

            // An app placed nowhere is served by the worker the request reaches.
            let anywhere = try await Self.request(a, "/_app/anywhere/api/Echo")
            #expect(anywhere.status == 200)
            #expect(try await Self.worker(of: anywhere.invocation, store: store) == "wa")

            // A client's X-Hearth-Forwarded — forged, duplicated, oversized — is refused at either worker.
            for port in [a, b] {
                for value in ["v1;w=\(ids["wa"]!.uuidString.lowercased());t=1;s=x", String(repeating: "A", count: 10_000), "yes"] {
                    let forged = try await Self.request(port, "/_app/placed/api/Echo", headers: ["X-Hearth-Forwarded": value])
                    #expect(forged.status == 403)
                    #expect(forged.body.contains("X-Hearth-Forwarded"))
                    #expect(forged.invocation == nil)
                }
            }
            // A proof signed with another key, though fresh and naming a member, is refused.
            let other = ForwardingProof.sign(
                sender: ids["wa"]!,
                at: Date(),
                method: "GET",
                target: "/_app/placed/api/Echo",
                authority: "127.0.0.1:\(b)",
                key: [UInt8](repeating: 3, count: 32)
            )
            #expect(try await Self.request(b, "/_app/placed/api/Echo", headers: ["X-Hearth-Forwarded": other]).status == 403)

            // The timer of the app placed on B runs on B only (A never starts or claims it).
            let timerDeadline = ContinuousClock.now + .seconds(60)
            var ticks: [InvocationRecord] = []
            while ContinuousClock.now < timerDeadline {
                ticks = try await store.invocations(appID: apps["placed"]!.id, functionName: "Tick", limit: 100).filter { $0.trigger == "timer" }
                if ticks.count >= 3 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(ticks.count >= 3)
            #expect(ticks.allSatisfy { $0.workerID == "wb" }, "\(ticks.map { $0.workerID ?? "" })")
            let all = try await store.invocations(appID: apps["placed"]!.id, functionName: nil, limit: 1000)
            #expect(!all.contains { $0.workerID == "wa" }, "A ran an invocation of the app placed on B")
        }
    }
    /// Deploys the Node app of ``files`` as each of `names` (one tenant `t`), with
    /// `AzureWebJobs.Tick.Disabled` for those in `timerDisabled`; the apps by name.
    static func deployNodeApps(_ names: [String], store: SQLiteStore, root: URL, timerDisabled: Set<String>) async throws -> [String: AppRecord] {
        let source = root.appendingPathComponent("app")
        for (path, text) in files {
            let file = source.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let zip = try PackageArchive.zipFolder(source)
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        try await store.putPackage(sha256: sha, content: zip)
        let tenant = Tenant(name: "t")
        try await store.createTenant(tenant)
        var apps: [String: AppRecord] = [:]
        for name in names {
            let app = AppRecord(tenantID: tenant.id, name: name)
            try await store.createApp(app)
            let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
            try await store.createDeployment(deployment)
            try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
            var settings = [AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "node", isSecret: false)]
            if timerDisabled.contains(name) { settings.append(AppSetting(name: "AzureWebJobs.Tick.Disabled", value: "true", isSecret: false)) }
            try await store.putSettings(appID: app.id, settings)
            apps[name] = app
        }
        return apps
    }
}
