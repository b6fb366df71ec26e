import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthWorker

/// An app this worker cannot load (here: a `host.json` that is not JSON; in a fleet: a joined
/// worker without the key to its secrets) is marked failed in the shared status only when this
/// worker serves it; placed only on other workers, it is skipped and its status left to them.
@Suite struct AppCatalogPlacedElsewhereTests {
    @Test func anAppPlacedOnlyElsewhereThatFailsToLoadHereIsNotMarkedFailed() async throws {
        let fixture = try CatalogFixture("placed-elsewhere")
        defer { fixture.remove() }
        let (root, store, catalog) = (fixture.root, fixture.store, fixture.catalog)
        let folder = root.appendingPathComponent("app")
        try QueueFixtures.write(["host.json": "not json", "Ping/function.json": "{}"], to: folder)
        let tenant = Tenant(name: "t")
        let app = AppRecord(tenantID: tenant.id, name: "broken")
        try await QueueFixtures.deploy(folder, as: app, of: tenant, settings: [], in: store)

        // Placed only on another worker: not served here, and no status written.
        catalog.routing.update(FleetRoutes(selfID: UUID(), placements: [app.id: [UUID()]]))
        await catalog.refresh(force: true)
        #expect(catalog.app(named: "broken") == nil)
        #expect(try await store.appStatus(appID: app.id)?.state != "failed")

        // Placed nowhere (so served here too): the same failure is this worker's to report.
        catalog.routing.update(.empty)
        await catalog.refresh(force: true)
        #expect(catalog.app(named: "broken") == nil)
        let status = try #require(try await store.appStatus(appID: app.id))
        #expect(status.state == "failed")
        #expect(status.reason?.isEmpty == false)
    }
}
