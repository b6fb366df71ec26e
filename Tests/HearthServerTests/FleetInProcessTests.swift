import AsyncHTTPClient
import Foundation
import HearthServer
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing

/// The fleet registry in-process: `serve` (management and its own worker) and a second worker on
/// the same store that joins with a one-time enrolment token, heartbeats, and stops taking work
/// once revoked. A token used twice is refused and changes nothing.
@Suite struct FleetInProcessTests {
    typealias Reply = ServeInProcessTests.Reply

    static func request(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil) async throws -> Reply {
        try await ServeInProcessTests.request(method, url, token: token, json: json)
    }

    static func configuration(_ dataDirectory: URL, roles: ServerRoles) -> ServerConfiguration {
        var configuration = ServerConfiguration(dataDirectory: dataDirectory)
        configuration.roles = roles
        configuration.managementPort = 0
        configuration.httpPort = 0
        configuration.isolation = false
        configuration.pythonPool = 0
        configuration.heartbeatInterval = .milliseconds(100)
        return configuration
    }

    /// Polls `url` until `done` holds for its reply (or 30 s pass: the test fails then).
    static func eventually(_ what: String, _ url: String, token: String? = nil, _ done: (Reply) -> Bool) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = try await request(.GET, url, token: token)
        while !done(last) {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(what): still \(last.status) \(last.body)")
                return last
            }
            try await Task.sleep(for: .milliseconds(50))
            last = try await request(.GET, url, token: token)
        }
        return last
    }

    static func worker(named name: String, in reply: Reply) throws -> [String: Any]? {
        let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return (json?["workers"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test(.timeLimit(.minutes(3)))
    func aWorkerJoinsWithATokenHeartbeatsAndStopsWhenRevoked() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let environment = ["HEARTH_MASTER_KEY": key]

        var serveConfiguration = Self.configuration(root.appendingPathComponent("main"), roles: .all)
        serveConfiguration.workerName = "serve-worker"
        let serveLines = Mutex<[String]>([])
        let (servePorts, serveContinuation) = AsyncStream.makeStream(of: (ServerListener, Int).self)
        let serve = try await Server(
            configuration: serveConfiguration,
            environment: environment,
            logger: Logger(label: "fleet-serve"),
            onListening: { listener, port in serveContinuation.yield((listener, port)) },
            say: { line in serveLines.withLock { $0.append(line) } }
        ).makeServiceGroup(gracefulShutdownSignals: [])

        var joinConfiguration = Self.configuration(root.appendingPathComponent("desk"), roles: .worker)
        joinConfiguration.store = "sqlite:" + root.appendingPathComponent("main/hearth.sqlite").path
        joinConfiguration.workerName = "desk-7"
        joinConfiguration.workerLabels = ["zone": "b"]
        joinConfiguration.capacityMB = 3072
        joinConfiguration.availability = "Mon-Sun"

        try await withThrowingTaskGroup { tasks in
            tasks.addTask {
                defer { serveContinuation.finish() }
                try await serve.run()
            }
            var bound: [ServerListener: Int] = [:]
            for await (listener, port) in servePorts {
                bound[listener] = port
                if bound.count == 2 { break }
            }
            let api = "http://127.0.0.1:\(try #require(bound[.management]))"
            let tokenLine = try #require(serveLines.withLock { $0 }.first { $0.hasPrefix("Admin token (shown once, store it now): ") })
            let admin = String(tokenLine.dropFirst("Admin token (shown once, store it now): ".count))

            // Admin only.
            #expect(try await Self.request(.GET, "\(api)/api/workers").status == 401)
            #expect(try await Self.request(.POST, "\(api)/api/tenants", token: admin, json: #"{"name":"acme"}"#).status == 201)
            let reader = try await Self.request(.POST, "\(api)/api/tokens", token: admin, json: #"{"name":"r","role":"reader","tenant":"acme"}"#)
            let readerToken = try #require(
                (try JSONSerialization.jsonObject(with: Data(reader.body.utf8)) as? [String: Any])?["token"] as? String
            )
            #expect(try await Self.request(.GET, "\(api)/api/workers", token: readerToken).status == 403)
            #expect(try await Self.request(.POST, "\(api)/api/workers/enrolment-tokens", token: readerToken).status == 403)

            // serve's own worker registers itself (no credential).
            let own = try await Self.eventually("serve's worker registers", "\(api)/api/workers", token: admin) {
                (try? Self.worker(named: "serve-worker", in: $0)) != nil
            }
            #expect(try Self.worker(named: "serve-worker", in: own)?["enrolled"] as? Bool == false)

            let created = try await Self.request(.POST, "\(api)/api/workers/enrolment-tokens", token: admin, json: #"{"validMinutes":5}"#)
            #expect(created.status == 201)
            let enrolment = try #require(
                (try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["token"] as? String
            )
            #expect(enrolment.hasPrefix("hwe_"))

            // The joining worker redeems the token, keeps its credential and key 0600, heartbeats.
            joinConfiguration.joinToken = enrolment
            let deskLines = Mutex<[String]>([])
            let (deskPorts, deskContinuation) = AsyncStream.makeStream(of: (ServerListener, Int).self)
            let desk = try await Server(
                configuration: joinConfiguration,
                environment: environment,
                logger: Logger(label: "fleet-desk"),
                onListening: { listener, port in deskContinuation.yield((listener, port)) },
                say: { line in deskLines.withLock { $0.append(line) } }
            ).makeServiceGroup(gracefulShutdownSignals: [])
            tasks.addTask {
                defer { deskContinuation.finish() }
                try await desk.run()
            }
            var deskPort = 0
            for await (listener, port) in deskPorts where listener == .worker {
                deskPort = port
                break
            }
            let front = "http://127.0.0.1:\(deskPort)"
            let first = try await Self.eventually("desk-7 heartbeats", "\(api)/api/workers", token: admin) { reply in
                guard let worker = try? Self.worker(named: "desk-7", in: reply) else { return false }
                return worker["state"] as? String == "ready" && (worker["advertiseUrl"] as? String)?.hasSuffix(":\(deskPort)") == true
            }
            let joined = try #require(try Self.worker(named: "desk-7", in: first))
            #expect(joined["enrolled"] as? Bool == true && joined["capacityMb"] as? Int == 3072)
            #expect((joined["labels"] as? [String: String]) == ["zone": "b"] && joined["available"] as? String == "Mon-Sun")
            #expect(!first.body.contains("credential") && !first.body.contains("publicKey") && !first.body.contains(enrolment))
            let firstBeat = try #require(joined["lastHeartbeat"] as? String)
            _ = try await Self.eventually("desk-7's heartbeat moves", "\(api)/api/workers", token: admin) { reply in
                ((try? Self.worker(named: "desk-7", in: reply))?["lastHeartbeat"] as? String).map { $0 > firstBeat } ?? false
            }
            let fleetFolder = root.appendingPathComponent("desk/worker/fleet")
            for file in ["credential", "x25519.key"] {
                let mode = try FileManager.default.attributesOfItem(atPath: fleetFolder.appendingPathComponent(file).path)[.posixPermissions]
                #expect((mode as? NSNumber)?.intValue == 0o600, "\(file)")
            }
            #expect(try String(contentsOf: fleetFolder.appendingPathComponent("credential"), encoding: .utf8).hasPrefix("hwc_"))
            #expect(try await Self.request(.GET, "\(front)/_hearth/health").status == 200)

            // The same token again: refused, and no worker appears.
            var againConfiguration = joinConfiguration
            againConfiguration.dataDirectory = root.appendingPathComponent("desk-8")
            againConfiguration.workerName = "desk-8"
            await #expect {
                try await Server(
                    configuration: againConfiguration,
                    environment: environment,
                    logger: Logger(label: "fleet-again"),
                    say: { _ in }
                ).makeServiceGroup(gracefulShutdownSignals: []).run()
            } throws: { error in
                "\(error)".contains("was used already") && !"\(error)".contains(enrolment)
            }
            let afterRefusal = try await Self.request(.GET, "\(api)/api/workers", token: admin)
            #expect(try Self.worker(named: "desk-8", in: afterRefusal) == nil)
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("desk-8/worker/fleet/credential").path))

            // Revoked: the worker sees it at its next heartbeat and answers 503.
            #expect(try await Self.request(.POST, "\(api)/api/workers/nobody/revoke", token: admin).status == 404)
            let revoked = try await Self.request(.POST, "\(api)/api/workers/desk-7/revoke", token: admin)
            #expect(revoked.status == 200 && revoked.body.contains(#""state":"revoked""#))
            let health = try await Self.eventually("desk-7 stops", "\(front)/_hearth/health") { $0.status == 503 }
            #expect(health.body.contains("revoked"))
            let call = try await Self.request(.GET, "\(front)/_app/anything/api/hello")
            #expect(call.status == 503 && call.body.contains("revoked from the fleet"))
            let listed = try await Self.request(.GET, "\(api)/api/workers", token: admin)
            #expect(try Self.worker(named: "desk-7", in: listed)?["state"] as? String == "revoked")
            #expect(try Self.worker(named: "serve-worker", in: listed)?["state"] as? String == "ready")

            let audit = try await Self.eventually("audited", "\(api)/api/audit", token: admin) {
                $0.body.contains("worker.revoke") && $0.body.contains("enrolment-token.create")
            }
            #expect(audit.body.contains("desk-7"))

            await desk.triggerGracefulShutdown()
            await serve.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
