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
        // One page of rows: each row reads the app's settings, status and deployment, so an instance
        // with a thousand apps renders fifty of them, not a thousand.
        let pages = max(1, (apps.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, Int(request.uri.queryParameters.get("page") ?? "") ?? 1), pages)
        let shown = apps.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        let now = Date()
        let totals = try await store.invocationTotals(appIDs: shown.map(\.id), since: now.addingTimeInterval(-24 * 3600), until: now)
        let urls = FunctionURLBuilder(configuration: try await environment.configuration.applyingInstanceSettings(from: store))
        // The rows' reads (settings, status, deployment) go to the store side by side: one after
        // another, fifty rows' hops to the store's readers were most of the page's time.
        let rows = try await withThrowingTaskGroup(of: (Int, RowModel).self) { group in
            for (index, app) in shown.enumerated() {
                let appTotals = totals[app.id] ?? InvocationTotals()
                let tenantName = names[app.tenantID] ?? ""
                let url = urls.appURL(app: app.name)
                group.addTask { (index, RowModel(values: try await row(app, tenantName: tenantName, totals: appTotals, url: url))) }
            }
            var rows = [[String: Any]](repeating: [:], count: shown.count)
            for try await (index, row) in group { rows[index] = row.values }
            return rows
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

    /// One row's template values (strings, numbers and flags only), handed back from the task
    /// that read them.
    struct RowModel: @unchecked Sendable {
        var values: [String: Any]
    }

    /// Apps per page of the list.
    static let pageSize = 50

    /// One app's row; `totals`: its finished invocations and failures of the last 24 h (from the
    /// hourly statistics, so the first hour counts whole); `url`: where the function host serves it.
    func row(_ app: AppRecord, tenantName: String, totals: InvocationTotals, url: String) async throws -> [String: Any] {
        var row: [String: Any] = [
            "name": app.name,
            "tenant": tenantName,
            "url": url,
        ]
        let setting = try await store.settingValues(appID: app.id).first { $0.key.lowercased() == "functions_worker_runtime" }?.value
        var worker = AppWorkerKind(workerRuntime: setting, hasCustomHandler: nil)
        if let status = try await store.appStatus(appID: app.id) {
            let dto = AppStatusDTO(status)
            row["state"] = dto.state
            row["failed"] = dto.state == "failed"
            row["reason"] = dto.reason ?? ""
        } else {
            row["state"] = app.activeDeploymentID == nil ? "not deployed" : "idle"
        }
        if let id = app.activeDeploymentID, let deployment = try await store.deployment(id: id) {
            row["deployedAt"] = PageEnvironment.format(deployment.completedAt ?? deployment.createdAt)
            row["deployedBy"] = deployment.author ?? "unknown"
            // The runtime as the host runs it: a customHandler in host.json wins over the setting.
            // The loaded package is cached per digest and settings; one that no longer loads keeps
            // the setting's reading.
            if let loaded = try? await DeploymentPipeline(store: store, configuration: environment.configuration)
                .loadStored(deployment, appID: app.id, cache: environment.appCache)
            {
                worker = loaded.worker
            }
        }
        row["runtime"] = worker.label
        row["invocations"] = totals.invocations
        row["failures"] = totals.failures
        return row
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
