import Foundation
import NIOHTTP1
import Testing

/// `--metrics-bind`: `/metrics` in Prometheus' text format on an operators' port of its own, with
/// invocations by app, function and outcome, the duration histogram, in-flight, cold starts and
/// deployments; and W3C `traceparent`: continued to the custom handler (same trace, new span) and
/// written with the invocation record, or a new trace when the caller's is missing or invalid.
@Suite(.serialized) struct MetricsAndTraceTests {
    /// A custom handler that answers with the `traceparent` it received: on its request, and in
    /// the request it was given in the payload.
    static let handler = """
        import json, os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                if self.path.strip("/") == "Fail":
                    return self.reply(500, {"error": "failing on purpose"})
                req = payload["Data"]["req"]
                seen = {"header": self.headers.get("traceparent"), "payload": (req["Headers"].get("traceparent") or [None])[0]}
                res = {"statusCode": 200, "body": seen, "headers": {"Content-Type": "application/json"}}
                self.reply(200, {"Outputs": {"res": res}, "Logs": [], "ReturnValue": None})
            def reply(self, status, obj):
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        ThreadingHTTPServer(("127.0.0.1", int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])), Handler).serve_forever()
        """

    static func app() throws -> Data {
        let http = #"""
            {"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous"},
                          {"type": "http", "direction": "out", "name": "res"}]}
            """#
        return try AppZip.zip([
            "host.json": AppZip.json(
                #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "python3", "arguments": ["handler.py"]}}}"#
            ),
            "handler.py": Data(handler.utf8),
            "Trace/function.json": AppZip.json(http),
            "Fail/function.json": AppZip.json(http),
        ])
    }

    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func metricsCountInvocationsAndTracesReachTheHandlerAndTheLog() async throws {
        let metricsPort = HearthServer.freePort()
        let server = try await HearthServer(extraArguments: ["--no-isolation", "--metrics-bind", "127.0.0.1:\(metricsPort)"])
        defer { server.stop() }
        try await server.createApp("traced")
        #expect(try await server.deploy("traced", zip: Self.app()).status == 201)
        #expect(try await server.eventually { try await server.call("traced", "/api/Trace").status == 200 })

        // A valid traceparent is continued: same trace id and flags, a span of the invocation's own.
        let traced = try await server.call("traced", "/api/Trace", headers: [("traceparent", Self.incoming)])
        #expect(traced.status == 200)
        let seen = try traced.json()
        let header = try #require(seen["header"] as? String, "\(traced.text)")
        #expect(seen["payload"] as? String == header)
        #expect(header.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        #expect(header.hasSuffix("-01"))
        #expect(header != Self.incoming)
        #expect(header.count == 55)
        // The invocation record carries it; the API shows it.
        let id = try #require(traced.header("x-hearth-invocation-id"))
        // (The log is written in batches: polled.)
        #expect(
            try await server.eventually {
                try await server.api(.GET, "/api/apps/traced/invocations/\(id)").json()["traceParent"] as? String == header
            }
        )

        // An invalid one (all-zero trace id) starts a new trace.
        let bad = "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
        let restarted = try await server.call("traced", "/api/Trace", headers: [("traceparent", bad)])
        let fresh = try #require(try restarted.json()["header"] as? String)
        #expect(fresh.count == 55 && fresh.hasPrefix("00-"))
        #expect(!fresh.hasPrefix("00-00000000000000000000000000000000-"))
        #expect(!fresh.contains("4bf92f3577b34da6a3ce929d0e0e4736"))
        let freshID = try #require(restarted.header("x-hearth-invocation-id"))
        #expect(
            try await server.eventually {
                try await server.api(.GET, "/api/apps/traced/invocations/\(freshID)").json()["traceParent"] as? String == fresh
            }
        )

        #expect(try await server.call("traced", "/api/Fail").status == 500)

        // The operators' listener: the counters and histogram with their labels.
        let scrape = try await server.request(.GET, "http://127.0.0.1:\(metricsPort)/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = Self.samples(scrape.text)
        let succeeded = samples[#"hearth_invocations_total{app="traced",function="Trace",outcome="success"}"#] ?? 0
        #expect(succeeded >= 3, "\(scrape.text)")
        #expect(samples[#"hearth_invocations_total{app="traced",function="Fail",outcome="failure"}"#] == 1, "\(scrape.text)")
        #expect(samples[#"hearth_invocation_duration_seconds_count{app="traced",function="Trace"}"#] == succeeded)
        #expect(samples[#"hearth_invocation_duration_seconds_bucket{app="traced",function="Trace",le="+Inf"}"#] == succeeded)
        #expect(samples[#"hearth_invocations_in_flight{app="traced",function="Trace"}"#] == 0)
        #expect(samples[#"hearth_cold_starts_total{app="traced"}"#] == 1)
        #expect(samples[#"hearth_deployments_total{outcome="success"}"#] == 1)
        #expect(scrape.text.contains("# TYPE hearth_invocation_duration_seconds histogram"))
        // The invocation log agrees with the counter.
        #expect(
            try await server.eventually {
                let entries = try await server.invocations("traced", function: "Trace")
                return Double(entries.filter { $0["status"] as? String == "succeeded" }.count) == succeeded
            }
        )

        // Never on the function port: /metrics there is an app's route form, not Hearth's metrics.
        let front = try await server.request(.GET, "\(server.workerURL)/metrics")
        #expect(front.status == 404)
        #expect(!front.text.contains("hearth_invocations_total"))
        #expect(try await server.request(.GET, "http://127.0.0.1:\(metricsPort)/api/health").status == 404)
    }

    /// `name{labels} value` lines by everything before the value.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
