import AsyncHTTPClient
import Foundation
import HearthServer
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing

/// `/metrics` on the operators' listener, for servers started in-process: two at once in one
/// process (swift-metrics' global bootstrap happens only once; each server has its own registry),
/// and never on the function port.
@Suite struct MetricsInProcessTests {
    @Test(.timeLimit(.minutes(2)))
    func twoServersInOneProcessEachServeTheirOwnMetrics() async throws {
        let first = try await Self.start()
        let second = try await Self.start()
        for server in [first, second] {
            let metrics = try await ServeInProcessTests.request(.GET, "http://127.0.0.1:\(server.ports[.metrics]!)/metrics")
            #expect(metrics.status == 200)
            // Management's deployment counter exists from the start, at zero.
            #expect(metrics.body.contains(#"hearth_deployments_total{outcome="success"} 0"#), "\(metrics.body)")
            #expect(metrics.body.contains(#"hearth_deployments_total{outcome="failure"} 0"#))
            // Only /metrics is served there.
            let other = try await ServeInProcessTests.request(.GET, "http://127.0.0.1:\(server.ports[.metrics]!)/api/health")
            #expect(other.status == 404)
            // The function port does not serve Hearth's metrics.
            let front = try await ServeInProcessTests.request(.GET, "http://127.0.0.1:\(server.ports[.worker]!)/metrics")
            #expect(front.status == 404)
            #expect(!front.body.contains("hearth_"))
        }
        for server in [first, second] { try await server.stop() }
    }

    struct Running {
        let ports: [ServerListener: Int]
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let dataDirectory: URL

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
            try? FileManager.default.removeItem(at: dataDirectory)
        }
    }

    static func start() async throws -> Running {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-metrics-\(UUID().uuidString)")
        var configuration = ServerConfiguration(dataDirectory: dataDirectory)
        configuration.managementPort = 0
        configuration.httpPort = 0
        configuration.metricsBind = MetricsAddress(host: "127.0.0.1", port: 0)
        configuration.isolation = false
        configuration.pythonPool = 0
        let (ports, portsContinuation) = AsyncStream.makeStream(of: (ServerListener, Int).self)
        let server = Server(
            configuration: configuration,
            environment: [:],
            logger: Logger(label: "metrics-test"),
            onListening: { listener, port in portsContinuation.yield((listener, port)) },
            say: { _ in }
        )
        let group = try await server.makeServiceGroup(gracefulShutdownSignals: [])
        let task = Task {
            defer { portsContinuation.finish() }
            try await group.run()
        }
        var bound: [ServerListener: Int] = [:]
        for await (listener, port) in ports {
            bound[listener] = port
            if bound.count == 3 { break }
        }
        return Running(ports: bound, group: group, task: task, dataDirectory: dataDirectory)
    }
}
