import AsyncHTTPClient
import Foundation
import HearthServer
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing

/// `serve` started in-process on a fresh SQLite store, on free ports, without the binary.
@Suite struct ServeInProcessTests {
    @Test(.timeLimit(.minutes(2)))
    func servesManagementAndWorkerThenStopsGracefully() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        var configuration = ServerConfiguration(dataDirectory: dataDirectory)
        configuration.managementPort = 0
        configuration.httpPort = 0
        configuration.isolation = false
        configuration.pythonPool = 0
        let lines = Mutex<[String]>([])
        let (ports, portsContinuation) = AsyncStream.makeStream(of: (ServerListener, Int).self)
        let server = Server(
            configuration: configuration,
            environment: [:],
            logger: Logger(label: "serve-test"),
            onListening: { listener, port in portsContinuation.yield((listener, port)) },
            say: { line in lines.withLock { $0.append(line) } }
        )
        let group = try await server.makeServiceGroup(gracefulShutdownSignals: [])

        try await withThrowingTaskGroup { tasks in
            tasks.addTask {
                defer { portsContinuation.finish() }  // a group that fails to start ends the wait for its ports
                try await group.run()
            }
            var bound: [ServerListener: Int] = [:]
            for await (listener, port) in ports {
                bound[listener] = port
                if bound.count == 2 { break }
            }
            let management = try #require(bound[.management])
            let worker = try #require(bound[.worker])
            let output = lines.withLock { $0 }
            let tokenLine = try #require(output.first { $0.hasPrefix("Admin token (shown once, store it now): ") })
            let token = String(tokenLine.dropFirst("Admin token (shown once, store it now): ".count))
            #expect(output.contains { $0.hasPrefix("Function host listening on http://127.0.0.1:\(worker) ") })

            let health = try await Self.request(.GET, "http://127.0.0.1:\(management)/api/health")
            #expect(health.status == 200)
            #expect(health.body.contains(#""status":"ok""#))

            let unauthorized = try await Self.request(.POST, "http://127.0.0.1:\(management)/api/tenants", json: #"{"name":"acme"}"#)
            #expect(unauthorized.status == 401)
            let created = try await Self.request(
                .POST,
                "http://127.0.0.1:\(management)/api/tenants",
                token: token,
                json: #"{"name":"acme"}"#
            )
            #expect(created.status == 201)
            #expect(created.body.contains(#""name":"acme""#))

            let front = try await Self.request(.GET, "http://127.0.0.1:\(worker)/_hearth/health")
            #expect(front.status == 200)
            #expect(front.body.contains(#""apps":0"#))

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    struct Reply {
        var status: UInt
        var body: String
    }

    static func request(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: response.status.code, body: String(buffer: body))
    }
}
