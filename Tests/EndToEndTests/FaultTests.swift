import Foundation
import NIOHTTP1
import Testing

/// Handler crashes, timeouts and handlers that cannot start: the caller gets a 5xx, never a hang,
/// and the app serves again afterwards.
@Suite(.serialized) struct FaultTests {
    @Test func crashingHandlerIsRestartedAndTimeoutsAreEnforced() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("faults")
        #expect(try await server.deploy("faults", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("faults", "/api/hello").status == 200 })

        let crash = try await server.call("faults", "/api/Crash")
        #expect(crash.status == 500)
        #expect(!crash.text.contains("crashing on purpose"))  // details go to the invocation log, not the caller
        #expect(try await server.eventually { try await server.call("faults", "/api/hello").status == 200 })

        // functionTimeout is 5 s in the fixture's host.json; Slow sleeps 30 s.
        let started = ContinuousClock.now
        let slow = try await server.call("faults", "/api/Slow")
        #expect(slow.status == 500)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await server.eventually { try await server.call("faults", "/api/hello").status == 200 })

        let failures = try await server.eventually {
            let entries = try await server.api(.GET, "/api/apps/faults/invocations?limit=100").json()["invocations"] as? [[String: Any]] ?? []
            let crashed = entries.contains {
                $0["function"] as? String == "Crash" && $0["status"] as? String == "failed" && ($0["error"] as? String)?.contains("exited") == true
            }
            let timedOut = entries.contains { $0["function"] as? String == "Slow" && $0["status"] as? String == "timedOut" }
            return crashed && timedOut
        }
        let entries = try await server.api(.GET, "/api/apps/faults/invocations?limit=100").text
        #expect(failures, "\(entries)")
    }

    @Test func handlerThatCannotStartIsReportedInTheAppStatus() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("broken")
        var files = try AppZip.files(ofFixture: "hello-python")
        files["handler.py"] = Data("import sys\nsys.stderr.write('missing dependency foo\\n')\nsys.exit(4)\n".utf8)
        #expect(try await server.deploy("broken", zip: AppZip.zip(files)).status == 201)
        let reply = try await server.call("broken", "/api/hello")
        #expect(reply.status >= 500)
        let reported = try await server.eventually {
            let app = try await server.api(.GET, "/api/apps/broken").json()
            let status = app["status"] as? [String: Any]
            return status?["state"] as? String == "failed" && (status?["reason"] as? String)?.contains("missing dependency foo") == true
        }
        #expect(reported)
    }
}
