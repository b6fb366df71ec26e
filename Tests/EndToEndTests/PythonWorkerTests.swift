import Foundation
import NIOHTTP1
import Testing

/// `FUNCTIONS_WORKER_RUNTIME=python` apps run in the official Azure Functions Python worker
/// (azure-functions-worker 1.1.9, unmodified) connected to Hearth over FunctionRpc, in the sandbox.
@Suite(.serialized)
struct PythonWorkerTests {
    static var settings: [String: Any] { ["FUNCTIONS_WORKER_RUNTIME": "python", "GREETING": "hi there"] }

    private func server(_ extra: [String] = [], environment: [String: String] = [:]) async throws -> HearthServer {
        try HostCapabilities.requirePythonRuntime()
        return try await HearthServer(extraArguments: ["--python-runtime", HostCapabilities.pythonRuntime] + extra, environment: environment)
    }

    @Test func httpTimerLogsAndErrorsFromThePreStartedPool() async throws {
        let server = try await server(environment: ["HEARTH_SECRET_OF_HOST": "must-not-leak"])
        defer { server.stop() }
        // The worker front's health says when the pre-started worker is ready.
        let pooled = try await server.eventually(timeout: .seconds(20)) {
            let health = try await server.request(.GET, "\(server.workerURL)/_hearth/health").json()
            return (health["pythonPool"] as? [String: Any])?["ready"] as? Int == 1
        }
        #expect(pooled)
        try await server.createApp("py", settings: Self.settings)
        let deployed = try await server.deploy("py", zip: AppZip.zip(AppZip.files(ofFixture: "python-worker")))
        #expect(deployed.status == 201, "\(deployed.text)")

        // Route parameters, query, headers; a helper module of the app imported relatively.
        var hello: HearthServer.Reply?
        #expect(
            try await server.eventually(timeout: .seconds(20)) {
                hello = try await server.call("py", "/api/hello/World?q=1", headers: [("X-Test", "abc")])
                return hello?.status == 200
            }
        )
        let greeting = try #require(hello).json()
        #expect(greeting["greeting"] as? String == "Hello, World!")
        #expect(greeting["method"] as? String == "GET")
        #expect(greeting["query"] as? String == "1")
        #expect(greeting["header"] as? String == "abc")
        #expect((greeting["url"] as? String)?.hasSuffix("/api/hello/World?q=1") == true)
        #expect(hello?.header("X-Python") == "yes")
        #expect(hello?.header("Set-Cookie") == "seen=1; Path=/")
        #expect(hello?.header("Content-Type")?.hasPrefix("application/json") == true)

        // The first call was served by a pre-started worker, specialised to the app.
        let status = try await server.appStatus("py")
        #expect((status["reason"] as? String)?.contains("specialised from the pre-started pool") == true, "\(status)")

        // JSON, text and binary bodies.
        let sum = try await server.call(
            "py",
            "/api/echo",
            method: .POST,
            headers: [("Content-Type", "application/json")],
            body: Data(#"{"a":2,"b":40}"#.utf8)
        )
        #expect(try sum.json()["sum"] as? Int == 42)
        let text = try await server.call("py", "/api/echo", method: .POST, headers: [("Content-Type", "text/plain")], body: Data("shout".utf8))
        #expect(text.text == "SHOUT")
        let bytes = Data([0, 1, 2, 0xFF, 0x80])
        let binary = try await server.call("py", "/api/echo", method: .POST, headers: [("Content-Type", "application/octet-stream")], body: bytes)
        #expect(binary.body == Data(bytes.reversed()))
        #expect(binary.header("X-SHA256") == "e3a900fde4e52eea4ebedc82e7790ccf830552111fca7172c30561558d86d827")

        // The app's settings reach the worker, Hearth's own environment does not; the app runs in its folder.
        let env = try await server.call("py", "/api/env").text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        #expect(env.first == "hi there")
        if HostCapabilities.sandbox { #expect(env.dropFirst().first == "/home/site/wwwroot") }
        #expect(env.last == "")

        // Two invocations run at the same time in one worker (each waits for the other).
        async let first = server.call("py", "/api/together")
        async let second = server.call("py", "/api/together")
        let (a, b) = try await (first, second)
        #expect(a.text == "together" && b.text == "together", "\(a.status) \(a.text) / \(b.status) \(b.text)")

        // An exception: 500 without its details; message and the logs before it in the invocation log.
        let failed = try await server.call("py", "/api/fail")
        #expect(failed.status == 500)
        #expect(!failed.text.contains("boom"))
        let logged = try await server.eventually {
            let all = try await server.invocations("py")
            let error = all.contains {
                $0["function"] as? String == "Fail" && $0["status"] as? String == "failed"
                    && ($0["error"] as? String)?.contains("ValueError: boom from python") == true
                    && ($0["logs"] as? [String])?.first == "[Warning] about to fail"
                    && ($0["logs"] as? [String])?.last?.contains("Fail/__init__.py") == true
            }
            let logs = all.contains { $0["function"] as? String == "Hello" && ($0["logs"] as? [String]) == ["greeting World"] }
            return error && logs
        }
        let entries = try await server.invocations("py")
        #expect(logged, "\(entries)")

        // The timer fires every 2 s with the timer object and its logs.
        let ticked = try await server.eventually(timeout: .seconds(15)) {
            try await server.invocations("py", function: "Tick").contains {
                $0["status"] as? String == "succeeded" && $0["trigger"] as? String == "timer" && ($0["logs"] as? [String]) == ["tick past_due=False"]
            }
        }
        #expect(ticked)
    }

    @Test func faultsAreContainedAndTheWorkerComesBack() async throws {
        let server = try await server()
        defer { server.stop() }
        try await server.createApp("py", settings: Self.settings)
        #expect(try await server.deploy("py", zip: AppZip.zip(AppZip.files(ofFixture: "python-worker"))).status == 201)
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("py", "/api/hello/a").status == 200 })

        // Files: the app folder is read-only, /tmp is writable, Hearth's data directory is not there.
        #expect(try await server.call("py", "/api/probe?write=/tmp/x").text == "wrote")
        #expect(try await server.call("py", "/api/probe?write=/home/site/wwwroot/x").status == 403)
        if HostCapabilities.sandbox {
            let key = server.dataDirectory.appendingPathComponent("master.key").path
            #expect(try await server.call("py", "/api/probe?read=\(key)").status == 403)
        }

        // The worker exits during an invocation: 500, the exit in the invocation log, then it serves again.
        #expect(try await server.call("py", "/api/exit").status == 500)
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("py", "/api/hello/b").status == 200 })
        let exited = try await server.eventually {
            try await server.invocations("py", function: "Exit").contains { ($0["error"] as? String)?.contains("exited with status 3") == true }
        }
        #expect(exited)

        // Past functionTimeout (5 s): 500, recorded as timed out, the worker restarted, then it serves again.
        #expect(try await server.call("py", "/api/slow").status == 500)
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("py", "/api/hello/c").status == 200 })
        let timedOut = try await server.eventually {
            try await server.invocations("py", function: "Slow").contains { $0["status"] as? String == "timedOut" }
        }
        let slow = try await server.invocations("py", function: "Slow")
        #expect(timedOut, "\(slow)")
        let status = try await server.appStatus("py")
        #expect((status["reason"] as? String)?.contains("functionTimeout") == true, "\(status)")
    }

    @Test(.enabled(if: HostCapabilities.sandbox, "needs bubblewrap and cgroups"))
    func aPooledWorkerTakesTheAppsOwnLimits() async throws {
        let server = try await server()
        defer { server.stop() }
        let pooled = try await server.eventually(timeout: .seconds(20)) {
            let health = try await server.request(.GET, "\(server.workerURL)/_hearth/health").json()
            return (health["pythonPool"] as? [String: Any])?["ready"] as? Int == 1
        }
        #expect(pooled)
        var settings = Self.settings
        settings["HEARTH_MEMORY_MB"] = "128"
        try await server.createApp("small", settings: settings)
        #expect(try await server.deploy("small", zip: AppZip.zip(AppZip.files(ofFixture: "python-worker", without: "Tick"))).status == 201)
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("small", "/api/hog?mb=16").text == "allocated 16 MiB" })
        let status = try await server.appStatus("small")
        #expect((status["reason"] as? String)?.contains("specialised from the pre-started pool") == true, "\(status)")

        // Past its own 128 MiB (the pool's default is 512): killed, reported, restarted.
        #expect(try await server.call("small", "/api/hog?mb=300").status == 500)
        let reported = try await server.eventually {
            try await server.invocations("small", function: "Hog").contains {
                ($0["error"] as? String)?.contains("memory limit 128 MiB reached") == true
            }
        }
        let entries = try await server.invocations("small", function: "Hog")
        #expect(reported, "\(entries)")
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("small", "/api/hog?mb=16").status == 200 })
    }

    @Test func coldStartWithoutPoolAndIdleStop() async throws {
        let server = try await server(["--python-pool", "0"])
        defer { server.stop() }
        var settings = Self.settings
        settings["HEARTH_IDLE_TIMEOUT_SECONDS"] = "1"
        try await server.createApp("py", settings: settings)
        #expect(try await server.deploy("py", zip: AppZip.zip(AppZip.files(ofFixture: "python-worker", without: "Tick"))).status == 201)
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("py", "/api/hello/cold").status == 200 })
        let running = try await server.appStatus("py")
        #expect((running["reason"] as? String)?.contains("started on demand") == true, "\(running)")

        // Idle for a second: the worker stops (scale to zero); the next call starts it again.
        let idle = try await server.eventually(timeout: .seconds(10)) { try await server.appStatus("py")["state"] as? String == "idle" }
        #expect(idle)
        #expect(try await server.call("py", "/api/hello/again").status == 200)
        #expect(try await server.appStatus("py")["state"] as? String == "running")
    }

    @Test func aWorkerThatNeverConnectsFailsTheAppNotHearth() async throws {
        // A runtime whose "python" starts and then never connects back.
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-fake-python-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fake) }
        let package = fake.appendingPathComponent("lib/python3.11/site-packages/azure_functions_worker")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try Data().write(to: package.appendingPathComponent("__main__.py"))
        try FileManager.default.createDirectory(at: fake.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let python = fake.appendingPathComponent("bin/python")
        try Data("#!/bin/sh\necho never connecting\nexec sleep 60\n".utf8).write(to: python)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)

        let server = try await HearthServer(extraArguments: ["--python-runtime", fake.path, "--python-pool", "0", "--worker-start-timeout", "2"])
        defer { server.stop() }
        try await server.createApp("py", settings: Self.settings)
        try await server.createApp("hello")
        #expect(try await server.deploy("py", zip: AppZip.zip(AppZip.files(ofFixture: "python-worker", without: "Tick"))).status == 201)
        #expect(try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)

        let reply = try await server.call("py", "/api/hello/x")
        #expect(reply.status == 500 || reply.status == 503)
        let status = try await server.appStatus("py")
        #expect(status["state"] as? String == "failed")
        #expect((status["reason"] as? String)?.contains("did not connect back") == true, "\(status)")
        #expect((status["reason"] as? String)?.contains("never connecting") == true, "\(status)")
        // Hearth and the other app keep serving.
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("hello", "/api/hello/ok").status == 200 })
    }

    @Test func requirementsAreInstalledAtDeploy() async throws {
        let server = try await server()
        defer { server.stop() }
        try await server.createApp("req", settings: ["FUNCTIONS_WORKER_RUNTIME": "python"])
        var files = try AppZip.files(ofFixture: "python-requirements")
        files["wheels/greetlib-1.0-py3-none-any.whl"] = try PythonWheel.make(
            name: "greetlib",
            version: "1.0",
            module: #"def greet(name): return f"greetlib says hello to {name}""#
        )
        let deployed = try await server.deploy("req", zip: AppZip.zip(files))
        #expect(deployed.status == 201, "\(deployed.text)")
        #expect(deployed.text.contains("Successfully installed greetlib-1.0"), "\(deployed.text)")
        var reply: HearthServer.Reply?
        #expect(
            try await server.eventually(timeout: .seconds(20)) {
                reply = try await server.call("req", "/api/greet?name=Ada")
                return reply?.status == 200
            }
        )
        #expect(reply?.text == "greetlib says hello to Ada")

        // A requirement that cannot be installed: 422 naming pip's complaint; the previous deployment keeps serving.
        files["requirements.txt"] = Data("./wheels/missing-2.0-py3-none-any.whl\n".utf8)
        let refused = try await server.deploy("req", zip: AppZip.zip(files))
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.text.contains("requirements.txt"), "\(refused.text)")
        #expect(refused.text.contains("missing-2.0"), "\(refused.text)")
        #expect(try await server.call("req", "/api/greet?name=Bo").text == "greetlib says hello to Bo")

        // pip options in requirements.txt would steer pip on the management host: refused before pip runs.
        var steering = files
        steering["requirements.txt"] = Data("--index-url http://mirror.invalid/simple\ngreetlib\n".utf8)
        let steered = try await server.deploy("req", zip: AppZip.zip(steering))
        #expect(steered.status == 422, "\(steered.text)")
        #expect(steered.text.contains("pip options are not accepted"), "\(steered.text)")

        // Kudu zip deploy (publish profiles, CI) builds the same way.
        files["requirements.txt"] = Data("./wheels/greetlib-1.1-py3-none-any.whl\n".utf8)
        files["wheels/greetlib-1.1-py3-none-any.whl"] = try PythonWheel.make(
            name: "greetlib",
            version: "1.1",
            module: #"def greet(name): return f"greetlib 1.1 greets {name}""#
        )
        let credentials = try await server.api(.GET, "/api/apps/req/publishingcredentials").json()
        let user = try #require(credentials["userName"] as? String)
        let password = try #require(credentials["password"] as? String)
        let basic = Data("\(user):\(password)".utf8).base64EncodedString()
        let kudu = try await server.request(
            .POST,
            "\(server.managementURL)/scm/req/api/zipdeploy",
            headers: [("Authorization", "Basic \(basic)"), ("Content-Type", "application/zip")],
            body: AppZip.zip(files)
        )
        #expect(kudu.status == 200, "\(kudu.text)")
        let log = try await server.request(
            .GET,
            "\(server.managementURL)/scm/req/api/deployments/latest/log",
            headers: [("Authorization", "Basic \(basic)")]
        )
        #expect(log.text.contains("Successfully installed greetlib-1.1"), "\(log.text)")
        #expect(try await server.eventually { try await server.call("req", "/api/greet?name=Cy").text == "greetlib 1.1 greets Cy" })
    }
}

/// A minimal pure-Python wheel, built in the test (pip installs it without any index).
enum PythonWheel {
    static func make(name: String, version: String, module: String) throws -> Data {
        let info = "\(name)-\(version).dist-info"
        let files: [(String, Data)] = [
            ("\(name)/__init__.py", Data((module + "\n").utf8)),
            ("\(info)/METADATA", Data("Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n".utf8)),
            ("\(info)/WHEEL", Data("Wheel-Version: 1.0\nGenerator: hearth-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n".utf8)),
        ]
        let record = (files.map { "\($0.0),," } + ["\(info)/RECORD,,"]).joined(separator: "\n") + "\n"
        return try AppZip.zip(entries: files + [("\(info)/RECORD", Data(record.utf8))])
    }
}
