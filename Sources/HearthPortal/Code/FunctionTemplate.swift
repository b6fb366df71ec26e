import Foundation
import HearthCore
import HearthManagement

/// The files of a new function, in the shapes Hearth runs: Python's v1 programming model
/// (`function.json` + `__init__.py`), classic JavaScript (`function.json` + `index.js`) and a
/// custom handler (only `function.json`: the handler executable answers every function).
struct FunctionTemplate: Sendable {
    enum Runtime: String, CaseIterable, Sendable {
        case python, node, custom

        var label: String {
            switch self {
            case .python: "Python"
            case .node: "JavaScript"
            case .custom: "Custom handler"
            }
        }
    }

    enum Trigger: String, CaseIterable, Sendable {
        case http, timer

        var label: String { self == .http ? "HTTP trigger" : "Timer trigger" }
    }

    var name: String
    var runtime: Runtime
    var trigger: Trigger

    /// Checks the name as the loader checks function folders, and that the app has no such function.
    static func validate(name: String, existing: [String]) throws {
        guard FunctionAppLoader.isValidFunctionName(name) else {
            throw ManagementError(
                .invalidName,
                "'\(name)' cannot name a function: start with a letter, then letters, digits, '_' and '-' (at most 128)"
            )
        }
        guard !existing.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw ManagementError(.conflict, "the app already has a function or folder named '\(name)'; choose another name")
        }
    }

    /// The runtime an app runs in: `FUNCTIONS_WORKER_RUNTIME` when set, a custom handler when
    /// host.json has a `customHandler` section, else the language of its function scripts.
    static func runtime(settings: [String: String], hostJSON: String?, files: [String]) -> Runtime {
        let setting = settings.first { $0.key.lowercased() == "functions_worker_runtime" }?.value.lowercased()
        switch setting {
        case "python": return .python
        case "node": return .node
        case "custom": return .custom
        default: break
        }
        if let hostJSON, hostJSON.contains("\"customHandler\"") || hostJSON.contains("\"httpWorker\"") { return .custom }
        if files.contains(where: { $0.hasSuffix(".py") }) { return .python }
        if files.contains(where: { $0.hasSuffix(".js") }) { return .node }
        return .python
    }

    /// Path → content of the new function's files.
    var files: [String: Data] {
        var result = ["\(name)/function.json": Data(functionJSON.utf8)]
        switch runtime {
        case .python: result["\(name)/__init__.py"] = Data(pythonScript.utf8)
        case .node: result["\(name)/index.js"] = Data(javaScript.utf8)
        case .custom: break
        }
        return result
    }

    /// The file the editor opens after creating the function.
    var mainFile: String {
        switch runtime {
        case .python: "\(name)/__init__.py"
        case .node: "\(name)/index.js"
        case .custom: "\(name)/function.json"
        }
    }

    var functionJSON: String {
        let script = runtime == .python ? "  \"scriptFile\": \"__init__.py\",\n" : ""
        let output = runtime == .python ? "$return" : "res"
        switch trigger {
        case .http:
            return """
                {
                \(script)  "bindings": [
                    { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function", "methods": ["get", "post"] },
                    { "type": "http", "direction": "out", "name": "\(output)" }
                  ]
                }

                """
        case .timer:
            return """
                {
                \(script)  "bindings": [
                    { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 */5 * * * *" }
                  ]
                }

                """
        }
    }

    var pythonScript: String {
        switch trigger {
        case .http:
            return """
                import logging

                import azure.functions as func


                def main(req: func.HttpRequest) -> func.HttpResponse:
                    name = req.params.get("name", "world")
                    logging.info("\(name) called for %s", name)
                    return func.HttpResponse(f"Hello, {name}!", mimetype="text/plain")

                """
        case .timer:
            return """
                import logging

                import azure.functions as func


                def main(timer: func.TimerRequest) -> None:
                    logging.info("\(name) ran; past due: %s", timer.past_due)

                """
        }
    }

    var javaScript: String {
        switch trigger {
        case .http:
            return """
                module.exports = async function (context, req) {
                  const name = (req.query && req.query.name) || 'world';
                  context.log(`\(name) called for ${name}`);
                  context.res = { headers: { 'Content-Type': 'text/plain' }, body: `Hello, ${name}!` };
                };

                """
        case .timer:
            return """
                module.exports = async function (context, timer) {
                  context.log(`\(name) ran; past due: ${timer.isPastDue}`);
                };

                """
        }
    }
}
