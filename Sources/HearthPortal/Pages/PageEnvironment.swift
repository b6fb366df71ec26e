import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

/// What every page needs: the store, the API's settings, the renderer; and the tenant-scoped
/// lookups every page goes through (the API's own helpers, so the rules are the same).
struct PageEnvironment: Sendable {
    let store: any ManagementStore
    let configuration: ManagementConfiguration
    let renderer: PortalRenderer
    let appCache: ValidatedPackageCache
    let vendor: VendorLibraries

    /// The app named in the URL if the person may see it; 404 otherwise (also for another
    /// tenant's app, so nothing of it leaks).
    func app(_ context: PortalRequestContext) throws -> (PortalIdentity, String) {
        (try context.requireIdentity(), try context.parameters.require("app"))
    }

    func visibleApp(_ context: PortalRequestContext) async throws -> (PortalIdentity, AppRecord) {
        let (identity, name) = try app(context)
        return (identity, try await store.visibleApp(named: name, for: identity.principal))
    }

    /// The same, for a change: a reader gets 403 after the 404 check.
    func changeableApp(_ context: PortalRequestContext, action: String) async throws -> (PortalIdentity, AppRecord) {
        let (identity, app) = try await visibleApp(context)
        try identity.principal.requireWrite(action)
        return (identity, app)
    }

    /// The model's fields every app page shares (name, tabs, URL: where the function host serves the
    /// app, by the instance's public function host URL when an admin set one).
    func appModel(_ app: AppRecord, tab: String) async throws -> [String: Any] {
        let urls = FunctionURLBuilder(configuration: try await configuration.applyingInstanceSettings(from: store))
        return [
            "app": ["name": app.name, "url": urls.appURL(app: app.name)] as [String: Any],
            "tab_\(tab)": true,
            "title": app.name,
        ]
    }

    func render(_ template: String, _ model: [String: Any], _ context: PortalRequestContext) -> Response {
        renderer.page(template, model, identity: context.identity)
    }

    /// After a change, back to a page (303, so a reload does not post again).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A date as people read it in the pages (UTC).
    static func format(_ date: Date?) -> String {
        guard let date else { return "" }
        return UTCTimestamp.iso8601(date)
    }
}
