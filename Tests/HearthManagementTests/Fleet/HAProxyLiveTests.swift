import Foundation
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HearthManagement

/// The generated configuration in Debian's real HAProxy, in front of small HTTP servers standing in
/// for workers: each answers its own name, and 200 on the health route.
@Suite(.enabled(if: HAProxyProcess.isInstalled, "needs Debian's haproxy (apt-get install haproxy; scripts/test.sh installs it)"))
struct HAProxyLiveTests {
    @Test func generatedConfigurationRoutesDrainsAndReloadsInRealHAProxy() async throws {
        try await withWorkers(["w1", "w2", "w3"]) { ports in
            let folder = URL(fileURLWithPath: "/tmp/hlb-\(UUID().uuidString.prefix(8))", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var options = HAProxyOptions()
            let port = try freeLocalPort()
            options.bind = "127.0.0.1:\(port)"
            options.mapDirectory = folder.path
            options.runtimeSocket = folder.appendingPathComponent("admin.sock").path
            options.timeouts.checkInterval = "200ms"
            let workers = ["w1", "w2", "w3"].map { LoadBalancerFleet.Worker(name: $0, address: "127.0.0.1:\(ports[$0]!)", state: .ready) }
            let fleet = LoadBalancerFleet(
                workers: workers,
                apps: [
                    .init(name: "orders", hostNames: ["orders.fn.test"], workers: ["w1"]),
                    .init(name: "billing", hostNames: ["billing.fn.test"], workers: ["w2", "w3"]),
                    .init(name: "shop", hostNames: ["shop.fn.test", "shop.example.test"], workers: ["w3"]),
                ]
            )
            let first = HAProxyConfiguration(fleet: fleet, options: options)
            let file = try write(first, into: folder)
            let check = try HAProxyProcess.check(file)
            #expect(check.status == 0, "\(check.output)")
            #expect(check.output.contains("Configuration file is valid"))

            let haproxy = try HAProxyProcess(configuration: file, log: folder.appendingPathComponent("haproxy.log"))
            defer { haproxy.stop() }
            let client = Requests(port: port)
            try await waitUntil("every worker is up in HAProxy") {
                let state = try? HAProxyRuntimeSocket.send("show servers state \(HAProxyName.workersBackend)", to: options.runtimeSocket)
                return state.map { Self.upServers($0) == ["w1", "w2", "w3"] } ?? false
            }

            // By host name (any case, with or without the port): the app's own workers.
            #expect(try client.names(host: "orders.fn.test", count: 4) == ["w1"])
            #expect(try client.names(host: "billing.fn.test:\(port)", count: 4) == ["w2", "w3"])
            #expect(try client.names(host: "SHOP.example.test", count: 2) == ["w3"])
            // The path form: the app's workers too; an unknown host: every ready worker.
            #expect(try client.names(host: "127.0.0.1", path: "/_app/orders/api/hello", count: 3) == ["w1"])
            #expect(try client.names(host: "unknown.example.test", count: 6) == ["w1", "w2", "w3"])

            // w3 drains through the runtime API: no new request reaches it, without a reload.
            let draining = SampleFleet.with(fleet, worker: "w3", state: .draining)
            let update = HAProxyRuntimeUpdate(running: first.layout, next: HAProxyLayout(fleet: draining), options: options)
            #expect(!update.needsReload)
            for command in update.commands {
                let answer = try HAProxyRuntimeSocket.send(command, to: options.runtimeSocket)
                #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(command): \(answer)")
            }
            #expect(try client.names(host: "billing.fn.test", count: 4) == ["w2"])
            #expect(try client.names(host: "shop.fn.test", count: 4) == ["w1", "w2"])
            #expect(try client.names(host: "unknown.example.test", count: 6) == ["w1", "w2"])

            // A new app needs a new backend: a reload with the new configuration, serving throughout.
            var grown = fleet
            grown.apps.append(.init(name: "fresh", hostNames: ["fresh.fn.test"], workers: ["w2"]))
            let next = HAProxyRuntimeUpdate(running: update.running, next: HAProxyLayout(fleet: grown), options: options)
            #expect(next.reloadReasons == ["new backend app_fresh"])
            let second = try write(HAProxyConfiguration(layout: next.running, options: options), into: folder)
            #expect(try HAProxyProcess.check(second).status == 0)
            haproxy.reload()
            try await waitUntil("the reloaded HAProxy has the new app's backend and every worker up") {
                let served = try client.get(host: "orders.fn.test")
                #expect(served.status == 200 && served.body == "w1", "\(served)")
                let fresh = try? HAProxyRuntimeSocket.send("show servers state app_fresh", to: options.runtimeSocket)
                let all = try? HAProxyRuntimeSocket.send("show servers state \(HAProxyName.workersBackend)", to: options.runtimeSocket)
                return Self.upServers(fresh ?? "") == ["w2"] && Self.upServers(all ?? "") == ["w1", "w2", "w3"]
            }
            #expect(try client.names(host: "fresh.fn.test", count: 3) == ["w2"])
            #expect(try client.names(host: "billing.fn.test", count: 4) == ["w2", "w3"])
        }
    }

    func write(_ configuration: HAProxyConfiguration, into folder: URL) throws -> URL {
        try configuration.hostsMap.write(to: folder.appendingPathComponent("hosts.map"), atomically: true, encoding: .utf8)
        try configuration.appsMap.write(to: folder.appendingPathComponent("apps.map"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("haproxy.cfg")
        try configuration.text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The servers `show servers state` reports as running (operational state 2).
    static func upServers(_ state: String) -> [String] {
        state.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard !line.hasPrefix("#"), fields.count > 5, fields[5] == "2" else { return nil }
            return String(fields[3])
        }.sorted()
    }

    /// Polls `condition` until it holds, for readiness only; fails after 30 s.
    func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }

    /// Runs one HTTP server per name while `body` runs, passing their ports.
    func withWorkers(_ names: [String], _ body: @Sendable ([String: Int]) async throws -> Void, ports: [String: Int] = [:]) async throws {
        guard let name = names.first else { return try await body(ports) }
        let router = Router()
        router.get("_hearth/health") { _, _ in "ok" }
        router.get("**") { _, _ in name }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            var ports = ports
            ports[name] = client.port
            try await withWorkers(Array(names.dropFirst()), body, ports: ports)
        }
    }

    /// HTTP requests through HAProxy's frontend, with curl (the test's own HTTP client, outside Hearth).
    struct Requests {
        let port: Int

        func get(host: String, path: String = "/api/hello") throws -> (status: Int, body: String) {
            let run = try ProgramRun.run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                ["-s", "--max-time", "10", "-H", "Host: \(host)", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)\(path)"]
            )
            let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
            return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
        }

        /// The distinct names that answer `count` requests, sorted; a request that fails is recorded.
        func names(host: String, path: String = "/api/hello", count: Int) throws -> [String] {
            var names = Set<String>()
            for _ in 0..<count {
                let response = try get(host: host, path: path)
                #expect(response.status == 200, "\(host)\(path): \(response.status) \(response.body)")
                names.insert(response.body)
            }
            return names.sorted()
        }
    }
}
