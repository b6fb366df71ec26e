import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// The SQL Server store's invocation statistics over the TDS test peer: the end of a record is
/// counted in the same transaction as it is written, only when the row was running or absent; the
/// abandoned rows are counted before they are marked; the totals of many apps are one request.
@Suite struct TDSPeerInvocationStatsTests {
    static let status = TDSPeerColumn(name: "status", type: .nvarchar(maxBytes: 40))

    func sentSQL(_ peer: TDSPeer) -> [String] { TDSPeerPeopleStoreTests().sentSQL(peer) }

    /// A peer whose rows were `previous` (nil: absent) before the write.
    func peer(previous: String?) throws -> TDSPeer {
        try TDSPeer { request in
            if request.sql.contains("WITH (UPDLOCK, HOLDLOCK) WHERE id = @id") {
                return [.rows([Self.status], previous.map { [[.text($0)]] } ?? [])]
            }
            return [.done(rowCount: request.sql.contains("UPDATE hearth.invocations WITH") ? 1 : 0)]
        }
    }

    func record(_ status: InvocationRecord.Status, ms: Double?) -> InvocationRecord {
        InvocationRecord(appID: UUID(), functionName: "Orders", trigger: "http", durationMilliseconds: ms, status: status)
    }

    @Test func theEndOfARunningRecordIsCountedInItsHourInTheWritesTransaction() async throws {
        let peer = try peer(previous: "running")
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        try await store.writeInvocations([record(.failed, ms: 150)])
        let sent = sentSQL(peer)
        let expected = [
            "BEGIN TRANSACTION", "UPDLOCK, HOLDLOCK", "UPDATE hearth.invocations WITH", "hearth.invocation_stats WITH (UPDLOCK, SERIALIZABLE)",
            "COMMIT",
        ]
        let last = Array(sent.suffix(expected.count))
        #expect(last.count == expected.count && zip(last, expected).allSatisfy { $0.contains($1) }, "\(last)")
        let stats = try #require(peer.requests.first { $0.sql.contains("hearth.invocation_stats") })
        #expect(stats.parameters.first { $0.name == "@bucket" }?.value == .int(Int64(InvocationHistogram.bucket(milliseconds: 150))))
        #expect(stats.parameters.first { $0.name == "@failed" }?.value == .int(1))
    }

    @Test func aRecordThatHadEndedAlreadyOrIsStillRunningIsNotCountedAgain() async throws {
        let peer = try peer(previous: "succeeded")
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        try await store.writeInvocations([record(.succeeded, ms: 1)])
        let running = try self.peer(previous: nil)
        defer { running.stop() }
        let second = try TDSPeerStoreRetryTests().store(running)
        defer { second.shutdown() }
        try await second.writeInvocations([record(.running, ms: nil)])
        for p in [peer, running] {
            #expect(!sentSQL(p).contains { $0.contains("hearth.invocation_stats") }, "\(sentSQL(p))")
            #expect(sentSQL(p).contains { $0.contains("UPDATE hearth.invocations WITH") })
        }
    }

    @Test func abandonedRowsAreCountedThenMarkedInOneTransaction() async throws {
        let peer = try TDSPeer { _ in [.done(rowCount: 0)] }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        _ = try await store.abandonInvocations(workerID: "w1", before: "i2", error: "gone")
        let sent = sentSQL(peer)
        let merge = try #require(sent.firstIndex { $0.contains("MERGE hearth.invocation_stats WITH (HOLDLOCK)") })
        let mark = try #require(sent.firstIndex { $0.contains("SET status = N'abandoned'") })
        #expect(merge < mark)
        #expect(sent[..<merge].contains { $0.contains("BEGIN TRANSACTION") })
        #expect(sent[mark...].contains { $0.contains("COMMIT") })
    }

    @Test func theTotalsOfManyAppsAreOneRequestWithTheIdsAsJSON() async throws {
        let ids = (0..<1000).map { _ in UUID() }
        let peer = try TDSPeer { request in
            guard request.sql.contains("OPENJSON(@app_ids)") else { return [.done(rowCount: 0)] }
            let columns = [
                TDSPeerColumn(name: "app_id", type: .guid), TDSPeerColumn(name: "invocations", type: .intN(size: 8)),
                TDSPeerColumn(name: "failures", type: .intN(size: 8)),
            ]
            return [.rows(columns, [[.guid(GUIDBytes.wire(ids[7])), .int(12), .int(2)]])]
        }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        let totals = try await store.invocationTotals(appIDs: ids, since: Date().addingTimeInterval(-86400), until: Date())
        #expect(totals == [ids[7]: InvocationTotals(invocations: 12, failures: 2)])
        let requests = peer.requests.filter { $0.sql.contains("OPENJSON") }
        #expect(requests.count == 1)
        guard case .text(let json)? = requests.first?.parameters.first(where: { $0.name == "@app_ids" })?.value else {
            Issue.record("no @app_ids text parameter")
            return
        }
        #expect(json.contains(ids[999].uuidString) && json.hasPrefix("[\""))
    }
}
