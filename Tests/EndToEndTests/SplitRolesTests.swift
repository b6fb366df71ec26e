import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing

/// `hearth management` and `hearth worker` as separate processes sharing one store: what the
/// management role deploys, the worker serves.
@Suite(.serialized) struct SplitRolesTests {
    final class Role: Sendable {
        let process: Process
        let output = OutputBuffer()

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = HearthServer.binary
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["HEARTH_MASTER_KEY"] = nil
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let output = self.output
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil } else { output.append(String(decoding: data, as: UTF8.self)) }
            }
            try process.run()
        }

        func waitFor(_ marker: String) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while !output.text.contains(marker) {
                guard process.isRunning, ContinuousClock.now < deadline else { throw TestFailure("no '\(marker)' in: \(output.text)") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        /// Stops the process (SIGTERM; SIGKILL after 15 s) and waits until it has exited, so that
        /// nothing it writes while stopping (a drained worker's marker) lands after the test
        /// removed its data folder.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    func send(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil, zip: Data? = nil) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json { request.body = .bytes(ByteBuffer(string: json)) }
        if let zip {
            request.headers.add(name: "Content-Type", value: "application/zip")
            request.body = .bytes(ByteBuffer(data: zip))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func managementDeploysAndASeparateWorkerServes() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-split-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let managementPort = HearthServer.freePort()
        var workerPort = HearthServer.freePort()
        while workerPort == managementPort { workerPort = HearthServer.freePort() }
        let common =
            ["--data-dir", data, "--management-port", "\(managementPort)", "--http-port", "\(workerPort)", "--log-level", "warning"]
            + (HostCapabilities.sandbox ? [] : ["--no-isolation"])

        let management = try Role(["management"] + common)
        defer { management.stop() }
        try await management.waitFor("Management API on")
        let token = try #require(management.output.text.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map { String($0.0) })
        #expect(!management.output.text.contains("Function host listening"), "the management role runs no function host")

        let worker = try Role(["worker"] + common)
        defer { worker.stop() }
        try await worker.waitFor("Function host listening")
        #expect(!worker.output.text.contains("hth_"), "the worker role creates no token")

        let api = "http://127.0.0.1:\(managementPort)/api"
        #expect(try await send(.POST, api + "/tenants", token: token, json: #"{"name":"split"}"#).0 == 201)
        #expect(try await send(.POST, api + "/apps", token: token, json: #"{"name":"spread","tenant":"split"}"#).0 == 201)
        let zip = try AppZip.zip(AppZip.files(ofFixture: "hello-python"))
        #expect(try await send(.POST, api + "/apps/spread/deployments", token: token, zip: zip).0 == 201)

        let url = "http://127.0.0.1:\(workerPort)/_app/spread/api/hello/Split"
        var reply = (0, "")
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            reply = (try? await send(.GET, url)) ?? (0, "")
            if reply.0 == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(reply.1 == "Hello, Split!", "\(reply) — worker said: \(worker.output.text)")
        // The management port has no function host, the worker port no management API.
        #expect(try await send(.GET, "http://127.0.0.1:\(managementPort)/_app/spread/api/hello/Split").0 == 404)
        #expect(try await send(.GET, "http://127.0.0.1:\(workerPort)/api/tenants", token: token).0 == 404)
    }
}
