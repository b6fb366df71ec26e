import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// The SQL Server store's queue statements over the TDS test peer: a `get` is one locking
/// statement in a transaction, a pop receipt is checked under an update lock before the row
/// changes, and the idle poll of many queues is one request.
@Suite struct TDSPeerQueueStoreTests {
    static let messageColumns = [
        TDSPeerColumn(name: "seq", type: .intN(size: 8)), TDSPeerColumn(name: "id", type: .guid),
        TDSPeerColumn(name: "queue_id", type: .guid), TDSPeerColumn(name: "body", type: .varbinary(maxBytes: 8000)),
        TDSPeerColumn(name: "inserted_at", type: .datetime2(scale: 3)), TDSPeerColumn(name: "expires_at", type: .datetime2(scale: 3)),
        TDSPeerColumn(name: "next_visible_at", type: .datetime2(scale: 3)), TDSPeerColumn(name: "dequeue_count", type: .intN(size: 4)),
        TDSPeerColumn(name: "pop_receipt", type: .nvarchar(maxBytes: 128)),
    ]
    static let popReceipt = TDSPeerColumn(name: "pop_receipt", type: .nvarchar(maxBytes: 128))

    func sentSQL(_ peer: TDSPeer) -> [String] { TDSPeerPeopleStoreTests().sentSQL(peer) }

    static func row(seq: Int64, id: UUID, queue: UUID, text: String, receipt: String) -> [TDSPeerValue] {
        let day = TDSPeerValue.datetime2(ticks: 0, days: 739_995)
        return [
            .int(seq), .guid(GUIDBytes.wire(id)), .guid(GUIDBytes.wire(queue)), .binary(Array(text.utf8)), day, day, day, .int(1), .text(receipt),
        ]
    }

    @Test func aGetIsOneLockingStatementInATransactionAndComesBackInTheOrderTaken() async throws {
        let queue = UUID()
        let (first, second) = (UUID(), UUID())
        let peer = try TDSPeer { request in
            guard request.sql.contains("UPDATE taken") else { return [.done(rowCount: 0)] }
            // OUTPUT gives rows in no set order.
            return [
                .rows(
                    Self.messageColumns,
                    [
                        Self.row(seq: 9, id: second, queue: queue, text: "b", receipt: "R9"),
                        Self.row(seq: 4, id: first, queue: queue, text: "a", receipt: "R4"),
                    ]
                )
            ]
        }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        let taken = try await store.getMessages(queueID: queue, limit: 5, visibilityTimeout: 30, at: Date())
        #expect(taken.map(\.id) == [first, second] && taken.map(\.popReceipt) == ["R4", "R9"] && taken.map(\.text) == ["a", "b"])
        #expect(taken.allSatisfy { $0.dequeueCount == 1 && $0.queueID == queue })

        let sent = sentSQL(peer)
        let get = try #require(sent.firstIndex { $0.contains("UPDATE taken") })
        for hint in ["READPAST", "UPDLOCK", "ROWLOCK", "NEWID()", "dequeue_count = dequeue_count + 1"] {
            #expect(sent[get].contains(hint), "the dequeue statement lacks \(hint)")
        }
        #expect(sent[..<get].last?.contains("BEGIN TRANSACTION") == true)
        #expect(sent[(get + 1)...].first?.contains("COMMIT TRANSACTION") == true)
        let request = try #require(peer.requests.first { $0.sql.contains("UPDATE taken") })
        #expect(request.parameters.first { $0.name == "@limit" }?.value == .int(5))
    }

    @Test func aGetOutOfRangeSendsNothing() async throws {
        let peer = try TDSPeer { _ in [.done(rowCount: 0)] }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        await #expect(throws: HearthError.self) { _ = try await store.getMessages(queueID: UUID(), limit: 33, visibilityTimeout: 30, at: Date()) }
        await #expect(throws: HearthError.self) {
            _ = try await store.putMessage(queueID: UUID(), body: Data(count: 64 * 1024 + 1), visibilityDelay: 0, timeToLive: nil, at: Date())
        }
        #expect(!sentSQL(peer).contains { $0.contains("queue_messages") })
    }

    @Test func aWrongPopReceiptIsRefusedUnderTheUpdateLockAndNothingIsDeleted() async throws {
        let peer = try TDSPeer { request in
            request.sql.contains("SELECT pop_receipt") ? [.rows([Self.popReceipt], [[.text("R2")]])] : [.done(rowCount: 0)]
        }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        do {
            try await store.deleteMessage(queueID: UUID(), id: UUID(), popReceipt: "R1")
            Issue.record("a stale pop receipt deleted a message")
        } catch let error as StoreError {
            #expect(error.code == .invalidState)
        }
        var sent = sentSQL(peer)
        let check = try #require(sent.firstIndex { $0.contains("SELECT pop_receipt") })
        #expect(sent[check].contains("WITH (UPDLOCK, ROWLOCK)"))
        #expect(!sent.contains { $0.contains("DELETE FROM hearth.queue_messages") })
        #expect(sent[check...].contains { $0.contains("ROLLBACK TRANSACTION") })

        try await store.deleteMessage(queueID: UUID(), id: UUID(), popReceipt: "R2")
        sent = sentSQL(peer)
        let expected = ["BEGIN TRANSACTION", "SELECT pop_receipt", "DELETE FROM hearth.queue_messages WHERE id = @id", "COMMIT TRANSACTION"]
        let last = Array(sent.suffix(expected.count))
        #expect(last.count == expected.count && zip(last, expected).allSatisfy { $0.contains($1) }, "\(last)")
    }

    @Test func theIdlePollOfManyQueuesIsOneRequestWithTheIdsAsJSON() async throws {
        let ids = (0..<500).map { _ in UUID() }
        let peer = try TDSPeer { request in
            guard request.sql.contains("OPENJSON(@queue_ids)") else { return [.done(rowCount: 0)] }
            return [.rows([TDSPeerColumn(name: "queue_id", type: .guid)], [[.guid(GUIDBytes.wire(ids[3]))], [.guid(GUIDBytes.wire(ids[400]))]])]
        }
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        #expect(try await store.queuesWithVisibleMessages(ids, at: Date()) == [ids[3], ids[400]])
        let requests = peer.requests.filter { $0.sql.contains("OPENJSON") }
        #expect(requests.count == 1)
        #expect(!sentSQL(peer).contains { $0.contains("BEGIN TRANSACTION") }, "a poll is a read")
    }
}
