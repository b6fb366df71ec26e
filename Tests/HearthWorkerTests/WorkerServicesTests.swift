import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

@testable import HearthWorker

/// The worker role's parts as Services in the process's ServiceGroup, which stops them in reverse.
@Suite struct WorkerServicesTests {
    func role(_ root: URL, store: any Store) -> WorkerRole {
        var configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker"))
        configuration.port = 0
        configuration.pythonPoolSize = 0
        return WorkerRole(store: store, configuration: configuration, logger: Logger(label: "worker-services-test"))
    }

    @Test func partsStopInAnOrderWhereTheFrontDrainsFirstAndTheLogWriterFlushesLast() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let services = try await role(root, store: store).makeServices()

        func index(_ matches: (any Service) -> Bool) throws -> Int {
            let found = services.firstIndex(where: matches)
            return try #require(found)
        }
        let lock = try index { $0 is WorkerProcessLockService }
        let rpc = try index { $0 is FunctionRpcServer }
        let logWriter = try index { $0 is InvocationLogWriter }
        let catalog = try index { $0 is AppCatalog }
        let timers = try index { $0 is TimerService }
        let front = try index { $0 is any ApplicationProtocol }
        // Started in this order, stopped in reverse: the front stops taking requests and finishes
        // the ones it has before timers and handlers stop; the log writer flushes after all of them;
        // the RPC server outlives the handlers that talk to it; the process lock is released last.
        #expect(lock == 0)
        #expect(lock < rpc && rpc < catalog)
        #expect(logWriter < catalog && logWriter < timers)
        #expect(catalog < timers && timers < front)
        #expect(services.count == 6)  // no Python pool (size 0), no TLS reload (no certificate)
    }

    @Test func gracefulShutdownEndsEveryPartAndFlushesTheInvocationLog() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let tenant = Tenant(name: "t")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: "orders")
        try await store.createApp(app)
        let services = try await role(root, store: store).makeServices()
        let logWriter = try #require(services.compactMap { $0 as? InvocationLogWriter }.first)
        let group = ServiceGroup(services: services, logger: Logger(label: "worker-services-test"))

        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            let record = InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", durationMilliseconds: 3, status: .succeeded)
            logWriter.record(record)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let written = try await store.invocations(appID: app.id, functionName: "Hello", limit: 10)
        #expect(written.map(\.status) == [.succeeded])
    }
}
