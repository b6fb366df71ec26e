import Foundation
import NIOHTTP1
import Testing

/// `hearth workers drain|ready` against a real `hearth serve`: text and `--output json`, `--undo`,
/// the state in `hearth workers list`, and an unknown or hostile name refused with the API's
/// message and a non-zero status. Its own worker answers its health check 503 once drained (no app
/// is placed on it) and 200 once ready again.
@Suite(.serialized) struct WorkersDrainCLITests {
    @Test(.timeLimit(.minutes(3)))
    func drainAndReadyFromTheCommandLine() async throws {
        let server = try await HearthServer(extraArguments: ["--name", "cli-worker"])
        defer { server.stop() }
        let environment: [String: String?] = ["HEARTH_SERVER": server.managementURL, "HEARTH_TOKEN": server.token]
        func hearth(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try HearthCLI.run(arguments, environment: environment)
        }
        func eventually(_ what: String, _ done: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while try await !done() {
                guard ContinuousClock.now < deadline else { throw TestFailure("never happened: \(what)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try await eventually("serve's worker registers") { try hearth(["workers", "list"]).output.contains("cli-worker") }

        let drained = try hearth(["workers", "drain", "cli-worker"])
        #expect(drained.status == 0 && drained.output.contains("draining worker cli-worker"), "\(drained.output)")
        let listed = try hearth(["workers", "list", "--output", "json"])
        let workers = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
        let own = (workers?["workers"] as? [[String: Any]])?.first { $0["name"] as? String == "cli-worker" }
        #expect(own?["state"] as? String == "draining", "\(listed.output)")
        try await eventually("health answers 503 once drained") {
            try await server.request(.GET, server.workerURL + "/_hearth/health").status == 503
        }

        let ready = try hearth(["workers", "drain", "--undo", "cli-worker", "--output", "json"])
        #expect(ready.status == 0, "\(ready.output)")
        let answer = try JSONSerialization.jsonObject(with: Data(ready.output.utf8)) as? [String: Any]
        #expect(answer?["name"] as? String == "cli-worker" && answer?["state"] as? String == "ready", "\(ready.output)")
        try await eventually("health answers 200 once ready") {
            try await server.request(.GET, server.workerURL + "/_hearth/health").status == 200
        }
        let again = try hearth(["workers", "ready", "cli-worker"])
        #expect(again.status == 0 && again.output.contains("worker cli-worker is ready again"), "\(again.output)")

        for name in ["nobody", "<script>alert(1)</script>", "cli-worker/../x"] {
            let refused = try hearth(["workers", "drain", name])
            #expect(refused.status != 0, "\(name): \(refused.output)")
            #expect(refused.output.contains("worker") || refused.output.contains("not found"), "\(name): \(refused.output)")
        }
    }
}
