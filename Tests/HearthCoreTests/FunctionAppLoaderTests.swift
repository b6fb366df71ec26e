import Foundation
import HearthCore
import Testing

@Suite struct FunctionAppLoaderTests {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "permission denied" }
    }

    private static let host = #"{"version": "2.0"}"#
    private static let httpFunction =
        #"{"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req"}, {"type": "http", "direction": "out", "name": "res"}]}"#

    private func load(_ files: [String: String], settings: [String: String] = [:]) throws(AppValidationError) -> FunctionApp {
        try FunctionAppLoader.load(files: Array(files.keys), settings: settings) { path in
            guard let text = files[path] else { throw Unreadable() }
            return Data(text.utf8)
        }
    }

    private func issues(_ files: [String: String], settings: [String: String] = [:]) -> [AppValidationIssue] {
        do {
            _ = try load(files, settings: settings)
            Issue.record("the app loaded")
            return []
        } catch {
            #expect(error.issues.allSatisfy { $0.severity == .error })
            return error.issues
        }
    }

    @Test func loadsHTTPTimerAndQueueFunctions() throws {
        let app = try load(
            [
                "host.json": Self.host,
                "HttpHello/function.json": """
                {"scriptFile": "run.py", "entryPoint": "main", "bindings": [
                  {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "Anonymous", "methods": ["get", "Post"], "route": "hello/{name?}"},
                  {"type": "http", "direction": "out", "name": "$return"}]}
                """,
                "HttpHello/run.py": "",
                "Cleanup/function.json":
                    #"{"bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "%CleanupSchedule%", "runOnStartup": true}]}"#,
                "Fast/function.json": #"{"bindings": [{"type": "timerTrigger", "name": "t", "schedule": "*/10 * * * * *"}]}"#,
                "Orders/function.json":
                    #"{"bindings": [{"type": "queueTrigger", "direction": "in", "name": "msg", "queueName": "orders-%Env%", "connection": "Storage", "dataType": "string"}]}"#,
            ],
            settings: ["CleanupSchedule": "0 0 3 * * *", "Env": "prod", "FUNCTIONS_WORKER_RUNTIME": "python"]
        )
        #expect(app.functions.map(\.name) == ["Cleanup", "Fast", "HttpHello", "Orders"])
        #expect(app.workerRuntime == "python")
        #expect(app.warnings.isEmpty)

        let hello = try #require(app.function(named: "httphello"))
        #expect(hello.scriptFile == "run.py")
        #expect(hello.entryPoint == "main")
        #expect(hello.bindings.count == 2)
        guard case .http(let http) = hello.trigger else {
            Issue.record("not http")
            return
        }
        #expect(http.bindingName == "req")
        #expect(http.authLevel == .anonymous)
        #expect(http.methods == ["GET", "POST"])
        #expect(http.route.template == "hello/{name?}")
        #expect(http.outputBindingName == "$return")

        guard case .timer(let cleanup) = app.function(named: "Cleanup")?.trigger else {
            Issue.record("not timer")
            return
        }
        #expect(cleanup.expression == "0 0 3 * * *")
        #expect(cleanup.runOnStartup)
        #expect(cleanup.useMonitor)
        guard case .timer(let fast) = app.function(named: "Fast")?.trigger else {
            Issue.record("not timer")
            return
        }
        #expect(!fast.useMonitor)

        guard case .queue(let queue) = app.function(named: "Orders")?.trigger else {
            Issue.record("not queue")
            return
        }
        #expect(queue.queueName == "orders-prod")
        #expect(queue.connection == "Storage")
        #expect(app.function(named: "Orders")?.bindings.first?.dataType == "string")
    }

    @Test func httpDefaults() throws {
        let app = try load(["host.json": Self.host, "Hello/function.json": Self.httpFunction])
        guard case .http(let http) = app.functions.first?.trigger else {
            Issue.record("not http")
            return
        }
        #expect(http.authLevel == .function)
        #expect(http.methods == nil)
        #expect(http.route.template == "Hello")
        #expect(http.outputBindingName == "res")
        #expect(app.routeTable.resolve(method: "GET", path: "hello") == .matched(functionName: "Hello", parameters: [:]))
    }

    @Test func missingHostJSON() {
        let found = issues(["MyApp/host.json": Self.host, "MyApp/Hello/function.json": Self.httpFunction])
        #expect(found.count == 1)
        #expect(found.first?.file == "host.json")
        #expect(found.first?.fix.contains("MyApp/") == true)
    }

    @Test func v1AppIsRefused() {
        let found = issues(["host.json": "{}", "Hello/function.json": Self.httpFunction])
        #expect(found.map(\.fix) == [HostConfiguration.v1AppFix])
    }

    @Test func malformedJSONIsReportedWithPosition() {
        let found = issues([
            "host.json": Self.host, "Hello/function.json": "{\n  \"bindings\": [\n    {\"type\": \"httpTrigger\" \"name\": \"req\"}\n  ]\n}",
        ])
        #expect(found.count == 1)
        #expect(found.first?.file == "Hello/function.json")
        #expect(found.first?.jsonPath == "$")
        #expect(found.first?.problem == "Hello/function.json is not valid JSON: line 3, column 28: expected ',' or '}' after object member")
    }

    @Test func unreadableFileIsAnIssue() {
        do {
            _ = try FunctionAppLoader.load(files: ["host.json", "Ghost/function.json"], settings: [:]) { path in
                if path == "host.json" { return Data(Self.host.utf8) }
                throw Unreadable()
            }
            Issue.record("loaded")
        } catch {
            #expect(error.issues.first?.file == "Ghost/function.json")
            #expect(error.issues.first?.problem.contains("permission denied") == true)
        }
    }

    @Test func badCronNamesFilePathAndFix() {
        let found = issues([
            "host.json": Self.host,
            "HttpHello/function.json": #"{"bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 * * *"}]}"#,
        ])
        #expect(
            found.map(\.description) == [
                "HttpHello/function.json $.bindings[0].schedule: '0 * * *' is not a valid NCRONTAB expression: expected 6 fields (second minute hour day month day-of-week), found 4. Fix: write a 6-field expression such as \"0 */5 * * * *\"."
            ]
        )
    }

    @Test func missingScheduleSetting() {
        let found = issues([
            "host.json": Self.host, "T/function.json": #"{"bindings": [{"type": "timerTrigger", "name": "t", "schedule": "%Nope%"}]}"#,
        ])
        #expect(found.first?.jsonPath == "$.bindings[0].schedule")
        #expect(found.first?.problem.contains("'Nope'") == true)
    }

    @Test func bindingsRules() {
        let found = issues([
            "host.json": Self.host,
            "NoBindings/function.json": #"{}"#,
            "Empty/function.json": #"{"bindings": []}"#,
            "NotArray/function.json": #"{"bindings": {}}"#,
            "NoTrigger/function.json": #"{"bindings": [{"type": "queue", "direction": "out", "name": "q", "queueName": "x"}]}"#,
            "TwoTriggers/function.json":
                #"{"bindings": [{"type": "httpTrigger", "name": "req"}, {"type": "timerTrigger", "name": "t", "schedule": "0 0 * * * *"}]}"#,
            "BadDirection/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "direction": "sideways"}]}"#,
            "NoType/function.json": #"{"bindings": [{"name": "req"}]}"#,
            "DupNames/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req"}, {"type": "http", "direction": "out", "name": "REQ"}]}"#,
            "BadAuth/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "authLevel": "secret"}]}"#,
            "BadRoute/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "route": "a/{id:nope}"}]}"#,
        ])
        let byFile = Dictionary(grouping: found, by: { $0.file.split(separator: "/")[0] })
        #expect(byFile["NoBindings"]?.first?.jsonPath == "$.bindings")
        #expect(byFile["Empty"]?.first?.problem.contains("empty") == true)
        #expect(byFile["NotArray"]?.first?.problem.contains("not an array") == true)
        #expect(byFile["NoTrigger"]?.first?.problem.contains("no trigger") == true)
        #expect(byFile["TwoTriggers"]?.first?.jsonPath == "$.bindings[1]")
        #expect(byFile["BadDirection"]?.first?.jsonPath == "$.bindings[0].direction")
        #expect(byFile["NoType"]?.first?.jsonPath == "$.bindings[0].type")
        #expect(byFile["DupNames"]?.first?.jsonPath == "$.bindings[1].name")
        #expect(byFile["BadAuth"]?.first?.jsonPath == "$.bindings[0].authLevel")
        #expect(byFile["BadRoute"]?.first?.jsonPath == "$.bindings[0].route")
        #expect(byFile["BadRoute"]?.first?.problem.contains("'nope'") == true)
        #expect(byFile.count == 10)
        #expect(found.allSatisfy { !$0.problem.isEmpty && !$0.fix.isEmpty })
    }

    @Test func unknownBindingIsKeptWithWarning() throws {
        let app = try load([
            "host.json": Self.host,
            "Upload/function.json": """
            {"bindings": [{"type": "httpTrigger", "name": "req"}, {"type": "blob", "direction": "out", "name": "out", "path": "c/{rand-guid}"}]}
            """,
        ])
        let function = try #require(app.functions.first)
        #expect(function.bindings.map(\.type) == ["httpTrigger", "blob"])
        #expect(function.bindings[1].raw["path"] == "c/{rand-guid}")
        #expect(!function.bindings[1].isTrigger)
        #expect(app.warnings.count == 1)
        #expect(app.warnings.first?.problem == "binding type 'blob' is not served by Hearth; the function loads but the binding is ignored")
        #expect(app.warnings.first?.jsonPath == "$.bindings[1].type")
    }

    @Test func unknownTriggerIsAnError() {
        let found = issues([
            "host.json": Self.host,
            "OnBlob/function.json": #"{"bindings": [{"type": "blobTrigger", "direction": "in", "name": "b", "path": "c/{name}"}]}"#,
        ])
        #expect(found.count == 1)
        #expect(found.first?.problem.contains("'blobTrigger' is not served") == true)
    }

    @Test func functionNames() {
        let found = issues([
            "host.json": Self.host,
            "1Bad/function.json": Self.httpFunction,
            "Hello/function.json": Self.httpFunction,
            "hello/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "route": "other"}]}"#,
        ])
        #expect(found.count == 2)
        #expect(found.contains { $0.file == "1Bad/function.json" && $0.problem.contains("not valid") })
        #expect(found.contains { $0.file == "hello/function.json" && $0.problem.contains("apart from case") })
    }

    @Test func disabledFunctions() throws {
        let app = try load(
            [
                "host.json": Self.host,
                "A/function.json": #"{"disabled": true, "bindings": [{"type": "httpTrigger", "name": "req"}]}"#,
                "B/function.json": Self.httpFunction,
                "C/function.json": Self.httpFunction,
                "D/function.json": Self.httpFunction,
            ],
            settings: ["AzureWebJobs.B.Disabled": "true", "AzureWebJobs_C_Disabled": "1", "AzureWebJobs.D.Disabled": "false"]
        )
        #expect(app.functions.map(\.disabled) == [true, true, true, false])
        #expect(app.warnings.count == 1)
        #expect(app.warnings.first?.fix.contains("AzureWebJobs.A.Disabled=true") == true)
        #expect(app.warnings.first?.problem.contains("v1") == true)
        #expect(app.routeTable.resolve(method: "GET", path: "A") == .notFound)
    }

    @Test func customHandlerExecutable() throws {
        let settings = ["FUNCTIONS_WORKER_RUNTIME": "custom"]
        func host(_ path: String, workingDirectory: String? = nil) -> String {
            let wd = workingDirectory.map { #", "workingDirectory": "\#($0)""# } ?? ""
            return #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "\#(path)"\#(wd)}}}"#
        }
        // In the app.
        #expect(throws: Never.self) {
            try load(["host.json": host("handler"), "handler": "", "H/function.json": Self.httpFunction], settings: settings)
        }
        #expect(throws: Never.self) {
            try load(["host.json": host("./bin/handler"), "bin/handler": "", "H/function.json": Self.httpFunction], settings: settings)
        }
        #expect(throws: Never.self) {
            try load(
                ["host.json": host("./handler", workingDirectory: "bin"), "bin/handler": "", "H/function.json": Self.httpFunction],
                settings: settings
            )
        }
        // A bare command on PATH.
        let onPath = try load(["host.json": host("python3"), "H/function.json": Self.httpFunction], settings: settings)
        #expect(onPath.warnings.isEmpty)
        #expect(onPath.host.customHandler?.executablePath == "python3")
        // Missing.
        let missing = issues(["host.json": host("bin/handler"), "H/function.json": Self.httpFunction], settings: settings)
        #expect(missing.count == 1)
        #expect(missing.first?.file == "host.json")
        #expect(missing.first?.jsonPath == "$.customHandler.description.defaultExecutablePath")
        #expect(missing.first?.problem.contains("missing executable") == true)
        // custom runtime without customHandler.
        let noSection = issues(["host.json": Self.host, "H/function.json": Self.httpFunction], settings: settings)
        #expect(noSection.first?.jsonPath == "$.customHandler")
        // customHandler without a path, no runtime setting.
        let noPath = issues(["host.json": #"{"version": "2.0", "customHandler": {"description": {}}}"#, "H/function.json": Self.httpFunction])
        #expect(noPath.first?.jsonPath == "$.customHandler.description.defaultExecutablePath")
    }

    @Test func duplicateRoutes() {
        let found = issues([
            "host.json": Self.host,
            "GetItem/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "methods": ["get"], "route": "items/{id:int}"}]}"#,
            "ReadItem/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "methods": ["GET", "put"], "route": "Items/{key}"}]}"#,
        ])
        #expect(found.count == 1)
        #expect(found.first?.file == "ReadItem/function.json")
        #expect(found.first?.jsonPath == "$.bindings[0].route")
        #expect(found.first?.problem.contains("'GetItem'") == true)
        #expect(found.first?.problem.contains("'ReadItem'") == true)
        #expect(found.first?.problem.contains("GET") == true)
    }

    @Test func sameRouteDifferentMethodsOrDisabledIsFine() throws {
        let app = try load(
            [
                "host.json": Self.host,
                "Get/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "methods": ["get"], "route": "items/{id}"}]}"#,
                "Post/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "methods": ["post"], "route": "items/{id}"}]}"#,
                "Old/function.json": #"{"bindings": [{"type": "httpTrigger", "name": "req", "route": "items/{x}"}]}"#,
            ],
            settings: ["AzureWebJobs.Old.Disabled": "true"]
        )
        #expect(app.functions.count == 3)
    }

    @Test func allIssuesAreCollected() {
        let found = issues([
            "host.json": #"{"version": "2.0", "functionTimeout": "bad"}"#,
            "A/function.json": #"{"bindings": [{"type": "timerTrigger", "name": "t", "schedule": "nope"}]}"#,
            "B/function.json": "{",
        ])
        #expect(Set(found.map(\.file)) == ["host.json", "A/function.json", "B/function.json"])
        let error = AppValidationError(issues: found)
        #expect(error.description.split(separator: "\n").count == found.count)
    }
}
