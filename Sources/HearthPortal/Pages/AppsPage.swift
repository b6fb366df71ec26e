import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging
import NIOCore

/// `/apps`: the selected tenant's apps with state, active deployment and the last 24 h of
/// invocations; create an app (name checked as you type through `/apps/check-name`); delete one
/// with its name typed as confirmation.
struct AppsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("", use: home)
        group.get("apps", use: list)
        group.get("apps/check-name", use: checkName)
        group.post("apps", use: create)
        group.post("apps/:app/delete", use: delete)
    }

    @Sendable func home(_ request: Request, context: PortalRequestContext) async throws -> Response {
        PageEnvironment.redirect("/apps")
    }

    /// The tenant the page shows: `?tenant=` when the person may see it (404 otherwise), else the
    /// identity's selection; `nil` for an admin who selected none (every tenant).
    func tenant(_ request: Request, identity: PortalIdentity) async throws -> Tenant? {
        if let name = request.uri.queryParameters.get("tenant"), !name.isEmpty {
            return try await store.visibleTenant(named: name, for: identity.principal)
        }
        if let selected = identity.selectedTenant, identity.principal.canSee(tenantID: selected.id) { return selected }
        if let id = identity.principal.tenantID { return try await store.tenant(id: id) }
        return nil
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await tenant(request, identity: identity)
        guard tenant != nil || identity.principal.isAdmin else {
            return environment.render("apps", ["title": "Apps", "apps": [Any](), "empty": true], context)
        }
        let names = try await store.tenantNames()
        let apps = try await store.apps(tenantID: tenant?.id).filter { identity.principal.canSee(tenantID: $0.tenantID) }
            .sorted { $0.name < $1.name }
        // One page of rows, read with a fixed number of queries whatever the page holds: the apps'
        // settings, statuses and serving deployments come in one query each (RowReads).
        let pages = max(1, (apps.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, Int(request.uri.queryParameters.get("page") ?? "") ?? 1), pages)
        let shown = Array(apps.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
        let now = Date()
        let totals = try await store.invocationTotals(appIDs: shown.map(\.id), since: now.addingTimeInterval(-24 * 3600), until: now)
        let urls = FunctionURLBuilder(configuration: try await environment.configuration.applyingInstanceSettings(from: store))
        let reads = try await RowReads(store: store, apps: shown)
        var rows: [[String: Any]] = []
        for app in shown {
            let settings = reads.settings[app.id]?.valuesByName ?? [:]
            let deployment = reads.deployments[app.id]
            let kind = await worker(settings: settings, deployment: deployment)
            rows.append(
                row(
                    app,
                    tenantName: names[app.tenantID] ?? "",
                    status: reads.statuses[app.id],
                    deployment: deployment,
                    worker: kind,
                    totals: totals[app.id] ?? InvocationTotals(),
                    url: urls.appURL(app: app.name)
                )
            )
        }
        var values: [String: Any] = ["title": "Apps", "apps": rows, "empty": rows.isEmpty, "allTenants": tenant == nil]
        if let tenant { values["tenantName"] = tenant.name }
        if pages > 1 {
            let tenantQuery = request.uri.queryParameters.get("tenant").map { "&tenant=\($0)" } ?? ""
            values["paging"] = ["page": page, "pages": pages, "count": apps.count, "tenantQuery": tenantQuery]
            if page > 1 { values["previousPage"] = page - 1 }
            if page < pages { values["nextPage"] = page + 1 }
        }
        return environment.render("apps", values, context)
    }

    /// Apps per page of the list.
    static let pageSize = 50

    /// One app's row; `status`: what its worker last reported; `deployment`: the one serving it;
    /// `totals`: its finished invocations and failures of the last 24 h (from the hourly statistics,
    /// so the first hour counts whole); `url`: where the function host serves it.
    func row(
        _ app: AppRecord,
        tenantName: String,
        status: AppStatus?,
        deployment: Deployment?,
        worker: AppWorkerKind,
        totals: InvocationTotals,
        url: String
    ) -> [String: Any] {
        var row: [String: Any] = [
            "name": app.name,
            "tenant": tenantName,
            "url": url,
        ]
        if let status {
            let dto = AppStatusDTO(status)
            row["state"] = dto.state
            row["failed"] = dto.state == "failed"
            row["reason"] = dto.reason ?? ""
        } else {
            row["state"] = app.activeDeploymentID == nil ? "not deployed" : "idle"
        }
        if let deployment {
            row["deployedAt"] = PageEnvironment.format(deployment.completedAt ?? deployment.createdAt)
            row["deployedBy"] = deployment.author ?? "unknown"
        }
        row["runtime"] = worker.label
        row["invocations"] = totals.invocations
        row["failures"] = totals.failures
        return row
    }

    /// The runtime as the host runs it: a customHandler in the serving package's host.json wins over
    /// `FUNCTIONS_WORKER_RUNTIME` (`settings`, name → value). Only the package can tell, so it is
    /// read from the loaded-package cache (per digest and settings), and from the store only when
    /// this process has not loaded it yet; a package that no longer loads keeps the setting's
    /// reading. A setting of `custom` is a custom handler whatever the package holds: no load.
    func worker(settings: [String: String], deployment: Deployment?) async -> AppWorkerKind {
        let setting = settings.first { $0.key.lowercased() == "functions_worker_runtime" }?.value
        let named = AppWorkerKind(workerRuntime: setting, hasCustomHandler: nil)
        guard let deployment, named != .customHandler else { return named }
        let pipeline = DeploymentPipeline(store: store, configuration: environment.configuration)
        guard let loaded = try? await pipeline.loadStored(deployment, settings: settings, cache: environment.appCache) else { return named }
        return loaded.worker
    }

    /// `{"valid": bool, "message": "…"}` for the create form's name field, checked as you type.
    @Sendable func checkName(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        let name = request.uri.queryParameters.get("name") ?? ""
        var message = ""
        do {
            try ResourceName.validateAppName(name)
            try await store.requireAppNameFree(name)
        } catch {
            message = ManagementError.converting(error)?.message ?? "\(error)"
        }
        let body = try JSONEncoder().encode(["valid": message.isEmpty ? "true" : "false", "message": message])
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.principal.requireWrite("create apps")
        let name = context.form.trimmed("name") ?? ""
        try ResourceName.validateAppName(name)
        let tenant: Tenant
        if let tenantName = context.form.trimmed("tenant") {
            tenant = try await store.visibleTenant(named: tenantName, for: identity.principal)
        } else if let selected = try await self.tenant(request, identity: identity) {
            tenant = selected
        } else {
            throw ManagementError(.badRequest, "choose the tenant the app belongs to")
        }
        try await store.requireAppNameFree(name)
        let app = try await store.createAppWithKeys(AppRecord(tenantID: tenant.id, name: name))
        context.logger.info("app created in the portal", metadata: ["app": "\(app.name)", "tenant": "\(tenant.name)"])
        return PageEnvironment.redirect("/apps/\(app.name)")
    }

    @Sendable func delete(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "delete apps")
        guard context.form["confirm"] == app.name else {
            throw ManagementError(.badRequest, "type the app's name, '\(app.name)', to confirm deleting it")
        }
        _ = try await store.deleteApp(id: app.id)
        context.logger.info("app deleted in the portal", metadata: ["app": "\(app.name)"])
        return PageEnvironment.redirect("/apps")
    }
}
