import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging
import NIOCore

/// `/apps/{app}/run`: Test/Run. Pick a function; for an HTTP function send a request (method,
/// route parameters, query, headers, body) through the function host, and see status, headers,
/// body, duration and the invocation's logs. "Run now" runs a timer function through Azure's
/// admin API (`POST /admin/functions/{name}` with the master key). Readers see the page but cannot
/// run; keys are chosen here and never shown.
struct RunPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    var caller: FunctionCaller { FunctionCaller(store: store, workerPublicURL: environment.configuration.workerPublicURL) }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/run", use: show)
        group.post("apps/:app/run", use: run)
    }

    /// The active deployment's route prefix and functions as the API shows them.
    func functions(_ app: AppRecord) async throws -> (routePrefix: String, functions: [FunctionDTO]) {
        guard let id = app.activeDeploymentID, let deployment = try await store.deployment(id: id) else { return ("", []) }
        let pipeline = DeploymentPipeline(store: store, configuration: environment.configuration)
        let package = try await pipeline.loadStored(deployment, appID: app.id, cache: environment.appCache)
        let urls = FunctionURLBuilder(configuration: environment.configuration)
        return (package.routePrefix, package.functionDTOs(appName: app.name, urls: urls))
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let (_, functions) = try await functions(app)
        let chosen = request.uri.queryParameters.get("function")
        return try await page(app, functions: functions, chosen: chosen, form: PortalForm(), result: nil, context: context)
    }

    @Sendable func run(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "run functions")
        let (routePrefix, functions) = try await functions(app)
        guard let name = context.form.trimmed("function"), let function = functions.first(where: { $0.name == name }) else {
            throw ManagementError(.notFound, "app '\(app.name)' has no such function")
        }
        let outcome: [String: Any]
        if let route = function.route {
            let template = try RouteTemplate(parsing: route)
            let run = try TestRunRequest(form: context.form, route: template, methods: function.methods)
            let level = AuthorizationLevel(jsonName: function.authLevel ?? "function") ?? .function
            let key = try await caller.key(appID: app.id, function: function.name, level: level)
            var path = FunctionURLBuilder.path(routePrefix: routePrefix, route: run.route)
            if !run.query.isEmpty { path += "?" + run.query }
            let result = try await caller.call(
                appID: app.id,
                url: caller.url(app: app.name, path: path),
                method: run.method,
                headers: run.headers.map { ($0.name, $0.value) },
                key: key,
                body: run.body
            )
            outcome = Self.model(result, request: "\(run.method) \(path)", hiding: hidden(key, context))
        } else if function.trigger == "timerTrigger" {
            let key = try await caller.key(appID: app.id, function: function.name, level: .admin)
            let path = "/admin/functions/\(function.name)"
            let result = try await caller.call(
                appID: app.id,
                url: caller.url(app: app.name, path: path),
                method: "POST",
                headers: [("Content-Type", "application/json")],
                key: key,
                body: #"{"input": ""}"#
            )
            outcome = Self.model(result, request: "POST \(path)", hiding: hidden(key, context))
        } else {
            throw ManagementError(.badRequest, "only HTTP and timer functions can be run from the portal")
        }
        context.logger.info("function run from the portal", metadata: ["app": "\(app.name)", "function": "\(function.name)"])
        return try await page(app, functions: functions, chosen: name, form: context.form, result: outcome, context: context)
    }

    func page(
        _ app: AppRecord,
        functions: [FunctionDTO],
        chosen: String?,
        form: PortalForm,
        result: [String: Any]?,
        context: PortalRequestContext
    ) async throws -> Response {
        var model = try await environment.appModel(app, tab: "run")
        let selected = functions.first { $0.name == chosen } ?? functions.first { $0.route != nil } ?? functions.first
        model["functions"] = functions.map {
            ["name": $0.name, "trigger": $0.trigger, "selected": $0.name == selected?.name] as [String: Any]
        }
        model["hasFunctions"] = !functions.isEmpty
        if let selected {
            var function: [String: Any] = ["name": selected.name, "trigger": selected.trigger]
            if let route = selected.route {
                let template = try RouteTemplate(parsing: route)
                let methods = selected.methods ?? ["get", "post", "put", "patch", "delete", "head", "options"]
                let method = form["method"]?.uppercased() ?? methods.first?.uppercased()
                function["http"] =
                    [
                        "route": route,
                        "methods": methods.map { ["value": $0.uppercased(), "selected": $0.uppercased() == method] as [String: Any] },
                        "parameters": template.parameterNames.map { ["name": $0, "value": form["param.\($0)"] ?? ""] },
                        "query": form["query"] ?? "",
                        "headers": form["headers"] ?? "",
                        "body": form["body"] ?? "",
                    ] as [String: Any]
            } else if selected.trigger == "timerTrigger" {
                function["timer"] = ["schedule": selected.schedule ?? ""]
            }
            model["function"] = function
        }
        if let result { model["result"] = result }
        return environment.render("run", model, context)
    }

    /// The key the call was made with, when the person may not see key values (a contributor's
    /// function could echo it back): the page shows it masked wherever it appears.
    func hidden(_ key: String?, _ context: PortalRequestContext) -> String? {
        guard let key, !key.isEmpty, context.identity?.principal.canReadSecrets != true else { return nil }
        return key
    }

    /// The result as the page shows it: a text body as text, anything else by its size; `hiding` (a
    /// key value) is masked in headers, body, logs and error.
    static func model(_ result: FunctionCaller.Result, request: String, hiding secret: String? = nil) -> [String: Any] {
        let mask = { (text: String) -> String in secret.map { text.replacingOccurrences(of: $0, with: "•••") } ?? text }
        var body = result.body
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        let text = bytes.count <= 256 * 1024 && !bytes.contains(0) ? String(validating: bytes, as: UTF8.self) : nil
        var model: [String: Any] = [
            "request": request,
            "status": result.status,
            "reason": result.reason,
            "duration": String(format: "%.1f", result.milliseconds),
            "headers": result.headers.map { ["name": $0.name, "value": mask($0.value)] },
            "size": bytes.count,
        ]
        if let text { model["text"] = mask(text) } else { model["binary"] = true }
        if let record = result.invocation {
            var invocation: [String: Any] = [
                "id": record.id.uuidString.lowercased(),
                "status": record.status.rawValue,
                "trigger": record.trigger,
                "logs": mask(record.logs.joined(separator: "\n")),
            ]
            if let error = record.error { invocation["error"] = mask(error) }
            model["invocation"] = invocation
        }
        return model
    }
}
