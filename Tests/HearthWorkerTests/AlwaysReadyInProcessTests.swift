import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthWorker

/// `HEARTH_ALWAYS_READY` on a lone worker (no placement rows), with real custom handler processes
/// and the catalog's own loops: an app with 1 has its handler running before any request and keeps
/// the same process through idle periods; an app with 0 starts on demand and idles to zero.
@Suite struct AlwaysReadyInProcessTests {
    @Test(.timeLimit(.minutes(3)))
    func anAlwaysReadyAppRunsBeforeAnyRequestAndThroughIdlePeriods() async throws {
        let fixture = try CatalogFixture("always-ready")
        defer { fixture.remove() }
        let (root, store, catalog) = (fixture.root, fixture.store, fixture.catalog)
        let folder = root.appendingPathComponent("app")
        try QueueFixtures.write(
            [
                "host.json":
                    #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "python3", "arguments": ["handler.py"]}}}"#,
                "handler.py": WorkerDrainInProcessTests.handler,
                "Ping/function.json": #"""
                {"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous"},
                              {"type": "http", "direction": "out", "name": "res"}]}
                """#,
            ],
            to: folder
        )
        // Both idle out after 1 s; only `ready` is kept started.
        for (name, alwaysReady) in [("ready", "1"), ("lazy", "0")] {
            let tenant = Tenant(name: "t-\(name)")
            try await QueueFixtures.deploy(
                folder,
                as: AppRecord(tenantID: tenant.id, name: name),
                of: tenant,
                settings: [
                    AppSetting(name: "HEARTH_ALWAYS_READY", value: alwaysReady, isSecret: false),
                    AppSetting(name: "HEARTH_IDLE_TIMEOUT_SECONDS", value: "1", isSecret: false),
                ],
                in: store
            )
        }
        await catalog.refresh(force: true)
        let ready = try #require(catalog.app(named: "ready"))
        let lazy = try #require(catalog.app(named: "lazy"))
        let readyHost = try #require(ready.handler as? CustomHandlerHost)
        let lazyHost = try #require(lazy.handler as? CustomHandlerHost)

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await catalog.run() }
            defer { group.cancelAll() }
            do {
                // Before any request: `ready` is started by the catalog, `lazy` is not.
                let first = try await WorkerDrainInProcessTests.eventually("the always-ready handler starts") {
                    readyHost.supervisor.runningWorker?.process.pid
                }
                await catalog.startAlwaysReadyWorkers()
                #expect(!lazy.handler.isRunning, "HEARTH_ALWAYS_READY=0 starts on the first request")
                // The start's status is written after the worker is published to callers.
                _ = try await WorkerDrainInProcessTests.eventually("the always-ready app's status says running") {
                    try await store.appStatus(appID: ready.record.id)?.state == "running" ? true : nil
                }

                // A request starts `lazy` (the path a call takes); after 1 s without calls it
                // stops, while `ready`, idle just as long, still runs the same process.
                _ = try await lazyHost.endpoint()
                #expect(lazy.handler.isRunning)
                _ = try await WorkerDrainInProcessTests.eventually("the on-demand handler idles to zero") {
                    lazy.handler.isRunning ? nil : true
                }
                #expect(readyHost.supervisor.runningWorker?.process.pid == first, "kept through the idle period, not restarted")
                // The stop's status is written after the handler stops (not in the same step).
                _ = try await WorkerDrainInProcessTests.eventually("the on-demand app's status says idle") {
                    try await store.appStatus(appID: lazy.record.id)?.state == "idle" ? true : nil
                }
            } catch {
                Issue.record(error)
            }
        }
        #expect(!ready.handler.isRunning, "the catalog stops its handlers when it stops")
    }
}
