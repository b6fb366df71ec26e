import AsyncHTTPClient
import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthPackages
import HearthStore
import HearthWorker
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Testing

@testable import HearthPortal

/// Test/Run and the worker's admin API against a real worker (the `hello-python` fixture, a custom
/// handler in Python's standard library) on the portal's store.
@Suite("Portal test/run", .serialized)
struct PortalRunTests {
    static let masterKey = "master-key-for-portal-run-tests-0123456789"

    /// Deploys the fixture as app `hello` of tenant `acme` with a master key, runs a worker on a
    /// free port for `body`, and stops it afterwards.
    static func withWorker(_ body: @Sendable (PortalTestInstance, Int) async throws -> Void) async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("hello", tenant: "acme")
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/apps/hello-python")
        let zip = try PackageArchive.zipFolder(fixture)
        let pipeline = DeploymentPipeline(store: instance.store, configuration: ManagementConfiguration())
        _ = try await pipeline.deploy(zip, to: app, options: .init(author: "test"), logger: Logger(label: "portal-run-deploy"))
        _ = try await instance.store.putKey(appID: app.id, FunctionKey(scope: .master, name: "master", value: masterKey))

        var configuration = WorkerConfiguration(dataDirectory: instance.directory.appendingPathComponent("worker"))
        configuration.port = 0
        configuration.host = "127.0.0.1"
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let worker = WorkerRole(store: instance.store, configuration: configuration, logger: Logger(label: "portal-run-worker")) { port in
            continuation.yield(port)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await worker.run()
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(instance, port)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// The portal's settings with the worker at `workerPort` as the function host.
    static func configuration(workerPort: Int) -> ManagementConfiguration {
        var configuration = ManagementConfiguration()
        configuration.workerPublicURL = "http://127.0.0.1:\(workerPort)"
        return configuration
    }

    static func post(_ url: String, key: String?, body: String = #"{"input": ""}"#) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let key { request.headers.add(name: "x-functions-key", value: key) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }

    @Test("the admin API runs a timer function as a manual invocation; a wrong key is 401 and an unknown function 404")
    func adminRunsTimerFunction() async throws {
        try await Self.withWorker { instance, port in
            let base = "http://127.0.0.1:\(port)/_app/hello/admin/functions"
            #expect(try await Self.post("\(base)/Tick", key: "wrong-key-0123456789").status == .unauthorized)
            #expect(try await Self.post("\(base)/Tick", key: nil).status == .unauthorized)
            #expect(try await Self.post("\(base)/Nothing", key: Self.masterKey).status == .notFound)
            #expect(try await Self.post("\(base)/Hello", key: Self.masterKey).status == .badRequest)
            let accepted = try await Self.post("\(base)/Tick", key: Self.masterKey)
            #expect(accepted.status == .accepted)
            let id = try #require(accepted.headers.first(name: "x-hearth-invocation-id").flatMap(UUID.init(uuidString:)))
            let caller = FunctionCaller(store: instance.store, workerPublicURL: "http://127.0.0.1:\(port)")
            let app = try #require(try await instance.store.app(named: "hello"))
            let record = try #require(try await caller.record(id, appID: app.id))
            #expect(record.trigger == "manual")
            #expect(record.functionName == "Tick")
            #expect(record.status == .succeeded)
            #expect(record.logs.contains { $0.contains("tick pastDue=") })
        }
    }

    @Test("an HTTP answer names its invocation in x-hearth-invocation-id")
    func httpAnswerNamesInvocation() async throws {
        try await Self.withWorker { instance, port in
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/_app/hello/api/hello/Ada"),
                timeout: .seconds(60)
            )
            #expect(response.status == .ok)
            let id = try #require(response.headers.first(name: "x-hearth-invocation-id").flatMap(UUID.init(uuidString:)))
            let app = try #require(try await instance.store.app(named: "hello"))
            let record = try #require(try await FunctionCaller(store: instance.store, workerPublicURL: "").record(id, appID: app.id))
            #expect(record.functionName == "Hello")
            #expect(record.logs == ["greeted Ada"])
        }
    }

    @Test("a test run sends method, route parameter, query, headers and body, and shows status, headers, body and logs")
    func testRun() async throws {
        try await Self.withWorker { instance, port in
            let configuration = Self.configuration(workerPort: port)
            let owner = try await instance.identity(.owner, tenant: "acme")
            let (form, result) = try await instance.test(as: owner, configuration: configuration) { client in
                let form = try await client.page("/apps/hello/run?function=Hello")
                let result = try await client.form(
                    "/apps/hello/run",
                    [
                        ("csrf", PortalTestInstance.csrf), ("function", "Hello"), ("method", "POST"), ("param.name", "Ada"),
                        ("query", "x=1"), ("headers", "X-Test-Header: dashes-ok\nX-Other: 2"), ("body", "{\"a\": 1}"),
                    ]
                )
                return (form, result)
            }
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"param.name\""))
            #expect(form.body.contains("hello/{name:alpha?}"))
            #expect(result.status == .ok)
            #expect(result.body.contains("POST /api/hello/Ada?x=1"))
            #expect(result.body.contains("<strong class=\"run-status\">200 OK</strong>"))
            #expect(result.body.contains("Hello, Ada!"))
            #expect(result.body.lowercased().contains("<th>x-greeting</th><td>yes</td>"))
            #expect(result.body.contains("<pre class=\"run-logs\">greeted Ada</pre>"))
            #expect(!result.body.contains(Self.masterKey))
        }
    }

    @Test("run now runs a timer function through the admin API and shows its logs; a reader cannot run")
    func runNow() async throws {
        try await Self.withWorker { instance, port in
            let configuration = Self.configuration(workerPort: port)
            let owner = try await instance.identity(.owner, tenant: "acme")
            let result = try await instance.test(as: owner, configuration: configuration) { client in
                try await client.form("/apps/hello/run", [("csrf", PortalTestInstance.csrf), ("function", "Tick")])
            }
            #expect(result.status == .ok)
            #expect(result.body.contains("202 Accepted"))
            #expect(result.body.contains("<span class=\"run-invocation-status\">succeeded</span> (trigger manual)"))
            #expect(result.body.contains("tick pastDue="))
            let reader = try await instance.identity(.reader, tenant: "acme")
            let (page, refused) = try await instance.test(as: reader, configuration: configuration) { client in
                let page = try await client.page("/apps/hello/run?function=Tick")
                let refused = try await client.form("/apps/hello/run", [("csrf", PortalTestInstance.csrf), ("function", "Tick")])
                return (page, refused.status)
            }
            #expect(page.status == .ok)
            #expect(!page.body.contains("Run now"))
            #expect(refused == .forbidden)
        }
    }

    @Test("route parameters fill the template; a missing required one is named; header lines are checked")
    func requestParsing() throws {
        let template = try RouteTemplate(parsing: "orders/{id:int}/{part?}")
        #expect(try TestRunRequest.fill(template, values: ["id": "7", "part": "a b"]) == "orders/7/a%20b")
        #expect(try TestRunRequest.fill(template, values: ["id": "7"]) == "orders/7")
        #expect(throws: ManagementError.self) { try TestRunRequest.fill(template, values: [:]) }
        let headers = try TestRunRequest.parseHeaders("X-Trace-Id: abc\n\nContent-Type: text/plain\n")
        #expect(headers == [.init(name: "X-Trace-Id", value: "abc"), .init(name: "Content-Type", value: "text/plain")])
        #expect(throws: ManagementError.self) { try TestRunRequest.parseHeaders("no colon here") }
        #expect(throws: ManagementError.self) { try TestRunRequest.parseHeaders("Bad Name: x") }
        #expect(throws: ManagementError.self) { try TestRunRequest.parseHeaders("x-functions-key: k") }
    }

    @Test("a key the person may not see is masked wherever the function's answer echoes it")
    func keysAreMaskedForContributors() {
        let key = "k3y-value-of-the-function"
        let result = FunctionCaller.Result(
            status: 200,
            reason: "OK",
            headers: [(name: "x-echo", value: "got \(key)")],
            body: ByteBuffer(string: "your key is \(key)"),
            milliseconds: 1,
            invocation: InvocationRecord(appID: UUID(), functionName: "Echo", trigger: "http", logs: ["key=\(key)"])
        )
        let masked = RunPage.model(result, request: "GET /api/echo", hiding: key)
        let shown = "\(masked)"
        #expect(!shown.contains(key))
        #expect(masked["text"] as? String == "your key is •••")
        let plain = RunPage.model(result, request: "GET /api/echo")
        #expect(plain["text"] as? String == "your key is \(key)")
    }
}
