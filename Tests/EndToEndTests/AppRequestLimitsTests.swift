import Foundation
import Testing

/// host.json's extensions.http maxConcurrentRequests and maxOutstandingRequests, per app, on both
/// paths through the function host.
@Suite(.serialized) struct AppRequestLimitsTests {
    /// The hello-python app with the limits in host.json and a Slow function that sleeps `?s=` seconds.
    func app(maxConcurrent: Int, maxOutstanding: Int) throws -> Data {
        var files = try AppZip.files(ofFixture: "hello-python")
        var host = try #require(try JSONSerialization.jsonObject(with: files["host.json"]!) as? [String: Any])
        host["extensions"] = ["http": ["maxConcurrentRequests": maxConcurrent, "maxOutstandingRequests": maxOutstanding]]
        files["host.json"] = try JSONSerialization.data(withJSONObject: host)
        let handler = String(decoding: files["handler.py"]!, as: UTF8.self)
            .replacingOccurrences(of: "time.sleep(30)", with: #"time.sleep(float(data["req"]["Query"].get("s", "30")))"#)
        files["handler.py"] = Data(handler.utf8)
        return try AppZip.zip(files)
    }

    @Test(arguments: [false, true])
    func beyondItsOutstandingRequestsAnAppGets429AndOtherAppsAreServed(generalPathOnly: Bool) async throws {
        let server = try await HearthServer(extraArguments: generalPathOnly ? ["--no-fast-path"] : [])
        defer { server.stop() }
        for name in ["busy", "calm"] {
            try await server.createApp(name, settings: ["FUNCTIONS_WORKER_RUNTIME": "custom"])
            let deployed = try await server.deploy(name, zip: try app(maxConcurrent: 1, maxOutstanding: 2))
            #expect(deployed.status == 201, "\(deployed.text)")
            #expect(try await server.eventually { try await server.call(name, "/api/hello/x").status == 200 })
        }
        // Four at once: one runs, one waits for it, two are refused at once.
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: (Int, Duration).self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let reply = try await server.call("busy", "/api/Slow?s=3")
                    return (reply.status, ContinuousClock.now - started)
                }
            }
            // Meanwhile another app is not held up by this one's queue.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await server.call("calm", "/api/hello/y").status == 200)
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.map(\.0).sorted() == [200, 200, 429, 429], "\(statuses)")
        // Refused at once: before the running call (3 s) finished, not when a slot came free. (A
        // bound relative to the calls themselves: on a loaded machine the requests arrive late.)
        let firstDone = statuses.filter { $0.0 == 200 }.map(\.1).min() ?? .zero
        for (status, after) in statuses where status == 429 { #expect(after < firstDone, "a 429 came only after \(after), when a call had finished") }
        let slowest = statuses.filter { $0.0 == 200 }.map(\.1).max() ?? .zero
        #expect(slowest >= .seconds(6), "the second call did not wait for the first (\(slowest))")
        // And once they are done the app is served again.
        #expect(try await server.call("busy", "/api/Slow?s=0").status == 200)
    }
}
