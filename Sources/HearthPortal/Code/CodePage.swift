import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

/// `/apps/{app}/code`: the active deployment's files, one opened in the editor (CodeMirror when
/// installed, a text area otherwise). Saving deploys a new package with the file replaced through
/// the upload's ``DeploymentPipeline``: an invalid edit shows its problems beside the code and
/// deploys nothing; a save based on a deployment that no longer serves is refused with 409 and
/// what changed. `/apps/{app}/code/new` adds a function from a ``FunctionTemplate``.
struct CodePage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    var pipeline: DeploymentPipeline { DeploymentPipeline(store: store, configuration: environment.configuration) }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/code", use: show)
        group.post("apps/:app/code", use: save)
        group.get("apps/:app/code/new", use: newForm)
        group.post("apps/:app/code/new", use: create)
    }

    /// The active deployment and its package, or `nil` when the app has none yet.
    func active(_ app: AppRecord) async throws -> (Deployment, PackageEditor)? {
        guard let id = app.activeDeploymentID, let deployment = try await store.deployment(id: id) else { return nil }
        return (deployment, try await editor(deployment))
    }

    func editor(_ deployment: Deployment) async throws -> PackageEditor {
        guard let package = try await store.package(sha256: deployment.packageSHA256) else {
            throw ManagementError(.internalError, "the package of deployment \(deployment.id) is missing from the store")
        }
        return try PackageEditor(package: package, limits: environment.configuration.packageLimits)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let file = request.uri.queryParameters.get("file")
        return try await page(app, file: file, edited: nil, problems: [], context: context)
    }

    @Sendable func save(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.changeableApp(context, action: "edit code")
        guard let file = context.form.trimmed("file"), let content = context.form["content"] else {
            throw ManagementError(.badRequest, "the form names no file or sends no content")
        }
        let (deployment, current) = try await requireActive(app)
        guard context.form.trimmed("base") == deployment.id.uuidString.lowercased() else {
            let base = context.form.trimmed("base")
            return try await conflict(app, base: base, active: current, file: file, content: content, context: context)
        }
        guard current.contains(file), try current.text(file) != nil else {
            throw ManagementError(.badRequest, "'\(file)' is not a text file of the active deployment")
        }
        let edited = try current.replacing([file: Data(CodeText.normalized(content).utf8)])
        let message = "Edited \((file as NSString).lastPathComponent) in the portal"
        let outcome: DeploymentPipeline.Outcome
        do {
            // Activated only while the base still serves: the check above and the switch are one
            // compare-and-set in the store, so of two saves from the same base only one goes live.
            let options = DeploymentPipeline.Options(author: identity.displayName, message: message, replacing: deployment.id)
            outcome = try await pipeline.deploy(edited, to: app, options: options, logger: context.logger)
        } catch {
            let problems = try CodeProblem.from(error)
            return try await page(app, file: file, edited: content, problems: problems, context: context, status: .unprocessableContent)
        }
        guard outcome.activated else {
            let (_, now) = try await environment.changeableApp(context, action: "edit code")
            let (_, serving) = try await requireActive(now)
            return try await conflict(
                now,
                base: deployment.id.uuidString.lowercased(),
                active: serving,
                file: file,
                content: content,
                context: context
            )
        }
        return PageEnvironment.redirect("/apps/\(app.name)/code?file=\(CodeText.queryEncoded(file))")
    }

    @Sendable func newForm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "add functions")
        return try await newFunctionPage(app, name: "", problems: [], context: context)
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.changeableApp(context, action: "add functions")
        let (_, current) = try await requireActive(app)
        let name = context.form.trimmed("name") ?? ""
        guard let runtime = context.form["runtime"].flatMap(FunctionTemplate.Runtime.init(rawValue:)),
            let trigger = context.form["trigger"].flatMap(FunctionTemplate.Trigger.init(rawValue:))
        else {
            throw ManagementError(.badRequest, "choose a runtime and a trigger")
        }
        let folders = Set(
            try current.files().compactMap { file in
                file.path.contains("/") ? String(file.path.prefix { $0 != "/" }) : nil
            }
        )
        try FunctionTemplate.validate(name: name, existing: Array(folders))
        let template = FunctionTemplate(name: name, runtime: runtime, trigger: trigger)
        do {
            let options = DeploymentPipeline.Options(author: identity.displayName, message: "Added function \(name) in the portal")
            _ = try await pipeline.deploy(try current.replacing(template.files), to: app, options: options, logger: context.logger)
        } catch {
            let problems = try CodeProblem.from(error)
            return try await newFunctionPage(app, name: name, problems: problems, context: context, status: .unprocessableContent)
        }
        return PageEnvironment.redirect("/apps/\(app.name)/code?file=\(CodeText.queryEncoded(template.mainFile))")
    }

    func requireActive(_ app: AppRecord) async throws -> (Deployment, PackageEditor) {
        guard let active = try await active(app) else {
            throw ManagementError(.conflict, "app '\(app.name)' has no active deployment yet; upload a zip first")
        }
        return active
    }

    // MARK: - Pages

    func page(
        _ app: AppRecord,
        file requested: String?,
        edited: String?,
        problems: [CodeProblem],
        context: PortalRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var model = try await environment.appModel(app, tab: "code")
        model["codemirror"] = environment.vendor.isInstalled("codemirror")
        guard let active = try await active(app) else {
            model["empty"] = true
            return environment.renderer.page("code", model, identity: context.identity, status: status)
        }
        let (deployment, editor) = active
        let files = try editor.files()
        let selected = requested.flatMap { path in files.first { $0.path == path } } ?? Self.defaultFile(files)
        model["base"] = deployment.id.uuidString.lowercased()
        model["deployedAt"] = PageEnvironment.format(deployment.createdAt)
        model["deployedBy"] = deployment.author
        model["files"] = files.map { file -> [String: Any] in
            [
                "path": file.path, "link": CodeText.queryEncoded(file.path), "size": String(file.size),
                "editable": file.isText, "selected": file.path == selected?.path,
            ]
        }
        if let selected {
            var opened: [String: Any] = ["path": selected.path, "size": String(selected.size), "mode": CodeText.mode(of: selected.path)]
            if let text = try edited ?? editor.text(selected.path) {
                opened["text"] = text
                opened["editable"] = true
            }
            let lines = problems.filter { $0.file == selected.path }.compactMap(\.line).map(String.init)
            opened["problemLines"] = lines.joined(separator: ",")
            model["opened"] = opened
        }
        model["problems"] = problems.map(\.model)
        model["hasProblems"] = !problems.isEmpty
        return environment.renderer.page("code", model, identity: context.identity, status: status)
    }

    func newFunctionPage(
        _ app: AppRecord,
        name: String,
        problems: [CodeProblem],
        context: PortalRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (_, editor) = try await requireActive(app)
        let settings = try await store.settingValues(appID: app.id)
        let files = try editor.files().map(\.path)
        let hostJSON = try editor.text("host.json")
        let runtime = FunctionTemplate.runtime(settings: settings, hostJSON: hostJSON, files: files)
        var model = try await environment.appModel(app, tab: "code")
        model["name"] = name
        model["runtimes"] = FunctionTemplate.Runtime.allCases.map {
            ["value": $0.rawValue, "label": $0.label, "selected": $0 == runtime] as [String: Any]
        }
        model["triggers"] = FunctionTemplate.Trigger.allCases.map {
            ["value": $0.rawValue, "label": $0.label, "selected": $0 == .http] as [String: Any]
        }
        model["problems"] = problems.map(\.model)
        model["hasProblems"] = !problems.isEmpty
        return environment.renderer.page("code-new", model, identity: context.identity, status: status)
    }

    /// 409: the save was based on `base`, but another deployment serves now. Lists the files that
    /// differ and shows the edited file as it is now next to the person's version; nothing is saved.
    func conflict(
        _ app: AppRecord,
        base: String?,
        active: PackageEditor,
        file: String,
        content: String,
        context: PortalRequestContext
    ) async throws -> Response {
        var model = try await environment.appModel(app, tab: "code")
        var changed: [String] = []
        if let base, let id = UUID(uuidString: base), let deployment = try await store.deployment(id: id), deployment.appID == app.id {
            changed = try active.differences(from: try await editor(deployment))
        }
        model["changed"] = changed.map { ["path": $0] }
        model["file"] = file
        model["link"] = CodeText.queryEncoded(file)
        model["current"] = try active.text(file) ?? ""
        model["yours"] = content
        return environment.renderer.page("code-conflict", model, identity: context.identity, status: .conflict)
    }

    /// The file opened when none is named: the first script of a function, else host.json.
    static func defaultFile(_ files: [PackageEditor.File]) -> PackageEditor.File? {
        let editable = files.filter(\.isText)
        return editable.first { ["py", "js"].contains(($0.path as NSString).pathExtension) } ?? editable.first { $0.path == "host.json" }
            ?? editable.first
    }
}
