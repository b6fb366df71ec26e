import Foundation
import NIOHTTP1
import Testing

/// Apps run in Hearth's sandbox (the default of `hearth serve`): they cannot see Hearth's data or
/// other apps, write outside `/tmp`, signal processes outside, or read Hearth's environment; limits
/// kill and restart only the app that hit them, with the reason in its status and invocation log.
@Suite(
    .serialized,
    .enabled(if: HostCapabilities.sandbox, "bubblewrap or cgroups missing: the sandbox tests need /usr/bin/bwrap and a cgroup hierarchy")
)
struct SandboxTests {
    private func probe(_ server: HearthServer, _ app: String, _ query: String) async throws -> [String: Any] {
        let reply = try await server.call(app, "/api/Probe?\(query)")
        guard reply.status == 200 else { throw TestFailure("probe \(query): \(reply.status) \(reply.text)") }
        return try reply.json()
    }

    @Test func appsCannotEscapeTheSandbox() async throws {
        let server = try await HearthServer(environment: [
            "HEARTH_MASTER_KEY": Data(repeating: 7, count: 32).base64EncodedString(), "HEARTH_PROBE_SECRET": "s3cret",
        ])
        defer { server.stop() }
        try await server.createApp("probe", settings: ["HEARTH_TMP_MB": "4", "VISIBLE": "yes"])
        try await server.createApp("neighbour")
        #expect(try await server.deploy("probe", zip: AppZip.zip(AppZip.files(ofFixture: "sandbox-probe"))).status == 201)
        #expect(try await server.deploy("neighbour", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("probe", "/api/Hello").status == 200 })
        #expect(try await server.eventually { try await server.call("neighbour", "/api/hello").status == 200 })

        // Who and where it is: uid 65534, its own PID namespace, the app at /home/site/wwwroot.
        let identity = try #require(try await probe(server, "probe", "action=identity")["result"] as? [String: Any])
        #expect(identity["uid"] as? Int == 65534)
        #expect(identity["cwd"] as? String == "/home/site/wwwroot")
        #expect(identity["hostname"] as? String == "probe")
        #expect((identity["processes"] as? [Int])?.allSatisfy { $0 < 100 } == true, "\(identity)")
        #expect(identity["root"] as? [String] == ["bin", "dev", "etc", "home", "lib", "lib64", "proc", "sbin", "tmp", "usr"], "\(identity)")
        #expect(try await probe(server, "probe", "action=read&path=/home/site/wwwroot/handler.py")["ok"] as? Bool == true)

        // Hearth's data directory (store, master key, other apps' packages) does not exist in there.
        for path in [
            server.dataDirectory.path, server.dataDirectory.appendingPathComponent("worker/packages").path, "/work", "/root", "/sys/fs/cgroup",
        ] {
            let read = try await probe(server, "probe", "action=read&path=\(path)")
            #expect(read["ok"] as? Bool == false, "\(path) readable: \(read)")
        }
        // Nothing is writable but /tmp.
        for path in ["/home/site/wwwroot/x", "/usr/x", "/etc/passwd", "/x"] {
            let write = try await probe(server, "probe", "action=write&path=\(path)")
            #expect(write["ok"] as? Bool == false, "\(path) writable: \(write)")
        }
        #expect(try await probe(server, "probe", "action=write&path=/tmp/x")["ok"] as? Bool == true)

        // /tmp holds HEARTH_TMP_MB (4 MiB) and no more; the app keeps serving.
        let fill = try #require(try await probe(server, "probe", "action=fill-tmp")["result"] as? [String: Any])
        #expect((fill["written"] as? Int ?? 0) <= 4 << 20)
        #expect((fill["error"] as? String)?.contains("No space left") == true, "\(fill)")
        #expect(try await server.call("probe", "/api/Hello").status == 200)

        // Hearth's process is outside the PID namespace: no such process.
        let signal = try await probe(server, "probe", "action=signal&pid=\(server.pid)")
        #expect(signal["ok"] as? Bool == false)
        #expect((signal["error"] as? String)?.contains("ProcessLookupError") == true, "\(signal)")

        // The environment is the app's settings and the handler variables, nothing of Hearth's.
        let environment = try #require(try await probe(server, "probe", "action=env")["result"] as? [String: String])
        #expect(environment["VISIBLE"] == "yes")
        #expect(environment["HEARTH_MASTER_KEY"] == nil)
        #expect(environment["HEARTH_PROBE_SECRET"] == nil)
        #expect(environment["FUNCTIONS_APP_ROOT_PATH"] == "/home/site/wwwroot")
        #expect(!environment.values.contains { $0.contains(server.dataDirectory.path) }, "\(environment)")
        #expect(try await server.call("neighbour", "/api/hello").status == 200)
    }

    /// Each app has a network namespace of its own: its code reaches neither another app's handler
    /// nor Hearth's ports nor anything on the host's loopback, while Hearth still serves it and
    /// outbound connections to the network still work.
    @Test(.enabled(if: TestNetworkNamespace.available, "needs root and iproute2 for a test network"))
    func appsCannotReachOtherAppsOrHearthsPorts() async throws {
        let network = try TestNetworkNamespace.make()
        defer { network.remove() }
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("attacker")
        try await server.createApp("victim")
        try await server.createApp("offline", settings: ["HEARTH_OUTBOUND_NETWORK": "false"])
        try await server.createApp("allowed", settings: ["HEARTH_OUTBOUND_ALLOW": "192.0.2.1, \(network.address):\(network.port)"])
        try await server.createApp("fenced", settings: ["HEARTH_OUTBOUND_ALLOW": "\(network.address):\(network.port + 1), 192.0.2.0/24"])
        for app in ["attacker", "victim", "offline", "allowed", "fenced"] {
            #expect(try await server.deploy(app, zip: AppZip.zip(AppZip.files(ofFixture: "sandbox-probe"))).status == 201)
            #expect(try await server.eventually { try await server.call(app, "/api/Hello").status == 200 })
        }
        let victimEnvironment = try #require(try await probe(server, "victim", "action=env")["result"] as? [String: String])
        let victimPort = try #require(victimEnvironment["FUNCTIONS_CUSTOMHANDLER_PORT"])

        // A listener on the host's loopback, like any local service.
        let local = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(local) }
        let localPort = HearthServer.freePort()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(localPort).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(local, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(local, 4)

        let managementPort = try #require(Int(server.managementURL.split(separator: ":").last!))
        for (what, host, port) in [
            ("the victim's handler", "127.0.0.1", Int(victimPort)!), ("Hearth's function host", "127.0.0.1", server.workerPort),
            ("Hearth's management API", "127.0.0.1", managementPort), ("a service on the host's loopback", "127.0.0.1", localPort),
            ("the host through the NAT's gateway", "10.0.2.2", managementPort),
        ] {
            let attempt = try await probe(server, "attacker", "action=connect&host=\(host)&port=\(port)")
            #expect(attempt["ok"] as? Bool == false, "\(what) reachable from another app's sandbox: \(attempt)")
        }
        // Only while the test network is really there (routed through its veth, answering): a probe
        // without that route would leave the machine. Its setup has been seen to race under load.
        guard network.isReachable() else {
            // Reported, not failed: the checks above (other apps, Hearth's ports, host loopback) ran.
            print("WARNING: the test network \(network.address) is not routed through its veth; the outbound checks did not run")
            return
        }
        let outbound = try await probe(server, "attacker", "action=connect&host=\(network.address)&port=\(network.port)")
        #expect((outbound["result"] as? String)?.contains("hello from the test network") == true, "outbound: \(outbound)")
        let cutOff = try await probe(server, "offline", "action=connect&host=\(network.address)&port=\(network.port)")
        #expect(cutOff["ok"] as? Bool == false, "HEARTH_OUTBOUND_NETWORK=false still reached the network: \(cutOff)")
        // HEARTH_OUTBOUND_ALLOW: listed destinations only.
        guard network.isReachable() else {
            print("WARNING: the test network \(network.address) went away mid-test; the allow-list checks did not run")
            return
        }
        let listed = try await probe(server, "allowed", "action=connect&host=\(network.address)&port=\(network.port)")
        #expect((listed["result"] as? String)?.contains("hello from the test network") == true, "an allowed destination: \(listed)")
        let unlisted = try await probe(server, "fenced", "action=connect&host=\(network.address)&port=\(network.port)")
        #expect(unlisted["ok"] as? Bool == false, "a destination outside HEARTH_OUTBOUND_ALLOW was reached: \(unlisted)")
        #expect(try await server.call("victim", "/api/Hello").status == 200)
    }

    /// `/proc/PID/cmdline` is readable by every local user: an app's settings must not be on any
    /// process's command line (bwrap reads them from a memory file, `--args`).
    @Test func settingsAreOnNoCommandLine() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let secret = "db-\(UUID().uuidString)"
        try await server.createApp("withsecret", settings: ["DB_PASSWORD": secret])
        #expect(try await server.deploy("withsecret", zip: AppZip.zip(AppZip.files(ofFixture: "sandbox-probe"))).status == 201)
        #expect(try await server.eventually { try await server.call("withsecret", "/api/Hello").status == 200 })
        let environment = try #require(try await probe(server, "withsecret", "action=env")["result"] as? [String: String])
        #expect(environment["DB_PASSWORD"] == secret, "the app still gets its setting")

        var seen: [String] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where entry.allSatisfy(\.isNumber) {
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let line = String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if line.contains(secret) { seen.append("\(entry): \(line.prefix(200))") }
        }
        #expect(seen.isEmpty, "a setting's value is on a command line: \(seen)")
    }

    @Test func limitsKillAndRestartOnlyTheAppThatHitThem() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("bomb", settings: ["HEARTH_MEMORY_MB": "64", "HEARTH_MAX_PROCESSES": "48"])
        try await server.createApp("bystander")
        #expect(try await server.deploy("bomb", zip: AppZip.zip(AppZip.files(ofFixture: "sandbox-probe"))).status == 201)
        #expect(try await server.deploy("bystander", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("bomb", "/api/Hello").status == 200 })
        #expect(try await server.eventually { try await server.call("bystander", "/api/hello").status == 200 })

        // Memory: the kernel's OOM kill is reported as the limit, in the invocation log and the status.
        let memory = try await server.call("bomb", "/api/MemoryBomb")
        #expect(memory.status == 500)
        #expect(
            try await server.eventually {
                try await server.invocations("bomb", function: "MemoryBomb").contains {
                    ($0["error"] as? String)?.contains("memory limit 64 MiB reached") == true
                }
            }
        )
        #expect(try await server.call("bystander", "/api/hello").status == 200)
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("bomb", "/api/Hello").status == 200 })
        let afterMemory = try await server.appStatus("bomb")
        #expect((afterMemory["reason"] as? String)?.contains("memory limit 64 MiB reached") == true, "\(afterMemory)")

        // Processes: a fork bomb hits pids.max; the app is killed and restarted, Hearth and the other app serve on.
        #expect(try await server.call("bomb", "/api/ForkBomb").status == 200)
        let forkLimitReported = try await server.eventually {
            _ = try? await server.call("bomb", "/api/Hello")  // the next request notices the exit
            return (try await server.appStatus("bomb")["reason"] as? String)?.contains("process limit 48 reached") == true
        }
        let statusAfterForks = try await server.appStatus("bomb")
        #expect(forkLimitReported, "\(statusAfterForks)")
        #expect(try await server.call("bystander", "/api/hello").status == 200)
        #expect(try await server.api(.GET, "/api/apps").status == 200)
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("bomb", "/api/Hello").status == 200 })

        // Time: a CPU spin past functionTimeout (5 s) is killed; the app serves again afterwards.
        let started = ContinuousClock.now
        let spin = try await server.call("bomb", "/api/Spin")
        #expect(spin.status == 500)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("bomb", "/api/Hello").status == 200 })
        #expect(
            try await server.eventually { try await server.invocations("bomb", function: "Spin").contains { $0["status"] as? String == "timedOut" } }
        )
        #expect(try await server.call("bystander", "/api/hello").status == 200)
    }
}
