import Foundation
import HearthCore
import HearthStore
import Testing

extension StoreContract {
    /// An invocation's `traceparent` is kept from its first write (running) through its end, in
    /// every way invocations are read; records without one read back without one.
    static func invocationsKeepTheirTraceParent(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        var traced = InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", traceParent: trace)
        let untraced = InvocationRecord(appID: app.id, functionName: "Hello", trigger: "timer", status: .succeeded)
        try await f.store.writeInvocations([traced, untraced])
        #expect(try await f.store.invocation(id: traced.id)?.traceParent == trace)
        traced.status = .succeeded
        traced.durationMilliseconds = 3
        try await f.store.writeInvocations([traced])
        #expect(try await f.store.invocation(id: traced.id)?.traceParent == trace)
        #expect(try await f.store.invocation(id: untraced.id)?.traceParent == nil)
        let listed = try await f.store.invocations(appID: app.id, functionName: nil, limit: 10)
        #expect(Set(listed.map(\.traceParent)) == [trace, nil])
        let filtered = try await f.store.invocations(appID: app.id, filter: InvocationFilter(), limit: 10)
        #expect(filtered.first { $0.id == traced.id }?.traceParent == trace)
    }
}

/// ``StoreContract/invocationsKeepTheirTraceParent(_:)`` on both backends (SQL Server only with
/// `HEARTH_TEST_MSSQL`, as ``SQLServerStoreContractTests``).
@Suite struct InvocationTraceParentContractTests {
    @Test func sqlite() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.invocationsKeepTheirTraceParent(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test(
        .enabled(
            if: SQLServerContractFixture.connectionString != nil,
            "SQL Server store contract skipped: set HEARTH_TEST_MSSQL to a SQL Server connection string to run it"
        )
    )
    func sqlServer() async throws {
        let f = try await SQLServerContractFixture()
        do { try await StoreContract.invocationsKeepTheirTraceParent(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }
}
