import Foundation
import Testing

/// A failed invocation's record carries the failure as the Azure Functions host writes it
/// (`Executed 'Functions.X' (Failed, …)`, `Exception: {Type}: {message}`, `Stack: …`), for the
/// Python worker over FunctionRpc, Hearth's Node worker, and a function that failed to load.
@Suite(.serialized)
struct FailureLinesTests {
    /// The invocation's recorded error once its record has arrived.
    private func failure(_ server: HearthServer, app: String, function: String) async throws -> String? {
        var error: String?
        _ = try await server.eventually {
            error = try await server.invocations(app, function: function).first { $0["status"] as? String == "failed" }?["error"] as? String
            return error != nil
        }
        return error
    }

    @Test func pythonFailuresReadAsOnAzure() async throws {
        try HostCapabilities.requirePythonRuntime()
        let server = try await HearthServer(extraArguments: ["--python-runtime", HostCapabilities.pythonRuntime])
        defer { server.stop() }
        try await server.createApp("py", settings: ["FUNCTIONS_WORKER_RUNTIME": "python"])
        // The fixture, plus a function whose module cannot be imported (the worker cannot load it).
        var files = try AppZip.files(ofFixture: "python-worker")
        files["Broken/function.json"] = AppZip.json(
            #"{"scriptFile": "__init__.py", "bindings": [{"authLevel": "anonymous", "type": "httpTrigger", "direction": "in", "#
                + #""name": "req", "route": "broken"}, {"type": "http", "direction": "out", "name": "$return"}]}"#
        )
        files["Broken/__init__.py"] = Data("import hearth_module_that_is_not_there\n\n\ndef main(req):\n    return None\n".utf8)
        let deployed = try await server.deploy("py", zip: AppZip.zip(files))
        #expect(deployed.status == 201, "\(deployed.text)")
        #expect(try await server.eventually(timeout: .seconds(20)) { try await server.call("py", "/api/fail").status == 500 })

        let failed = try #require(try await failure(server, app: "py", function: "Fail"))
        let lines = failed.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Executed 'Functions.Fail' (Failed, Id=") && $0.hasSuffix("ms)") }, "\(failed)")
        #expect(lines.contains("Result: Failure"), "\(failed)")
        #expect(lines.contains("Exception: ValueError: boom from python"), "\(failed)")
        // The traceback follows (the worker's own frames first, as the worker reports them).
        let stack = try #require(lines.firstIndex { $0.hasPrefix("Stack: ") }, "\(failed)")
        #expect(lines[stack...].contains { $0.contains("Fail/__init__.py") }, "\(failed)")

        // Each call of a function that failed to load fails with the load's exception, as on Azure.
        #expect(try await server.call("py", "/api/broken").status == 500)
        let broken = try #require(try await failure(server, app: "py", function: "Broken"))
        let brokenLines = broken.split(separator: "\n").map(String.init)
        #expect(brokenLines.contains { $0.hasPrefix("Executed 'Functions.Broken' (Failed, Id=") }, "\(broken)")
        #expect(
            brokenLines.contains { $0.hasPrefix("Exception: ModuleNotFoundError: No module named 'hearth_module_that_is_not_there'") },
            "\(broken)"
        )
        #expect(brokenLines.contains { $0.hasPrefix("Stack: ") }, "\(broken)")
    }

    @Test(.enabled(if: HostCapabilities.node, "node is not installed (/usr/bin/node or /usr/local/bin/node)"))
    func nodeFailuresReadAsOnAzure() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("js", settings: ["FUNCTIONS_WORKER_RUNTIME": "node"])
        let deployed = try await server.deploy("js", zip: AppZip.zip(AppZip.files(ofFixture: "node-classic")))
        #expect(deployed.status == 201, "\(deployed.text)")
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("js", "/api/Throws").status == 500 })

        let failed = try #require(try await failure(server, app: "js", function: "Throws"))
        let lines = failed.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Executed 'Functions.Throws' (Failed, Id=") }, "\(failed)")
        #expect(lines.contains("Exception: Error: kaboom from node"), "\(failed)")
        #expect(lines.contains("Stack: Error: kaboom from node"), "\(failed)")
        #expect(lines.contains { $0.hasPrefix("    at ") && $0.contains("Throws/index.js") }, "\(failed)")
    }
}
