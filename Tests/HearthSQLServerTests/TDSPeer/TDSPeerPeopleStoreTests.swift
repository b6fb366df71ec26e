import Foundation
import HearthCore
import Logging
import Synchronization
import Testing

@testable import HearthStore

/// The SQL Server store's people and audit methods over the TDS test peer: what they send, in
/// which transaction, and how they read what comes back.
@Suite struct TDSPeerPeopleStoreTests {
    static let affected = TDSPeerColumn(name: "affected", type: .intN(size: 4))

    func store(_ peer: TDSPeer) throws -> SQLServerStore {
        try TDSPeerStoreRetryTests().store(peer)
    }

    /// The SQL texts the peer received, in order, without the pool's pings.
    func sentSQL(_ peer: TDSPeer) -> [String] {
        peer.requests.map(\.sql).filter { !$0.contains("SELECT 1 AS ok") && !$0.isEmpty }
    }

    @Test func aPasswordChangeEndsTheSessionsInItsStatementAndAnUnknownUserRollsBack() async throws {
        let peer = try TDSPeer { request in
            request.sql.contains("password_hash = @password_hash") ? [.rows([Self.affected], [[.int(0)]])] : [.done(rowCount: 0)]
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        do {
            try await store.setPasswordHash(userID: UUID(), "$2b$12$x", at: Date())
            Issue.record("an unknown user's password was set")
        } catch let error as StoreError {
            #expect(error.code == .notFound)
        }
        let sent = sentSQL(peer)
        let update = try #require(sent.firstIndex { $0.contains("password_hash = @password_hash") })
        #expect(sent[update].contains("DELETE FROM hearth.web_sessions WHERE user_id = @id"))
        #expect(sent[..<update].contains { $0.contains("BEGIN TRANSACTION") })
        #expect(sent[update...].contains { $0.contains("ROLLBACK TRANSACTION") })
        #expect(!sent.contains { $0.contains("COMMIT TRANSACTION") })
    }

    @Test func retentionPurgesThroughTheProcedureWithTheCutOff() async throws {
        let peer = try TDSPeer { request in
            request.sql.contains("purge_audit_log") ? [.rows([Self.affected], [[.int(3)]])] : [.done(rowCount: 0)]
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        #expect(try await store.purgeAudit(before: Date(timeIntervalSince1970: 1_800_000_000)) == 3)
        let request = try #require(peer.requests.first { $0.sql.contains("EXEC hearth.purge_audit_log") })
        let before = try #require(request.parameters.first { $0.name == "@before" })
        #expect(before.value != .null)
    }

    @Test func aFactoryResetDeletesThenPurgesTheWholeAuditLogThenMovesTheChangeCounterInOneTransaction() async throws {
        let peer = try TDSPeer { request in
            request.sql.contains("purge_audit_log") ? [.rows([Self.affected], [[.int(1)]])] : [.done(rowCount: 0)]
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        try await store.resetToFactory()
        let sent = sentSQL(peer)
        let expected = [
            "BEGIN TRANSACTION", "DELETE FROM hearth.users", "EXEC hearth.purge_audit_log", "hearth.change_counter", "COMMIT TRANSACTION",
        ]
        let last = Array(sent.suffix(expected.count))
        #expect(last.count == expected.count && zip(last, expected).allSatisfy { $0.contains($1) }, "\(last)")
        let purge = try #require(peer.requests.first { $0.sql.contains("EXEC hearth.purge_audit_log") })
        #expect(purge.parameters.first { $0.name == "@before" }?.value == .null)
    }

    @Test func aSignInAttemptIsCountedUnderTheSignInLockAndRecordedInTheSameTransactionOnlyWhenAdmitted() async throws {
        let failures = Mutex(3)
        let peer = try TDSPeer { request in
            if request.sql.contains("sp_getapplock @Resource = N'hearth.sign-in'") {
                let counts = [
                    TDSPeerColumn(name: "account_failures", type: .intN(size: 4)), TDSPeerColumn(name: "address_failures", type: .intN(size: 4)),
                ]
                return [.rows(counts, [[.int(Int64(failures.withLock { $0 })), .int(0)]])]
            }
            if request.sql.contains("OUTPUT inserted.seq") { return [.rows([TDSPeerColumn(name: "seq", type: .intN(size: 8))], [[.int(42)]])] }
            return [.done(rowCount: 0)]
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        let attempt = SignInFailure(account: "ada", address: "192.0.2.1", at: Date(timeIntervalSince1970: 1_800_000_000))
        let admitted = try await store.admitSignInAttempt(attempt, since: Date(timeIntervalSince1970: 1_799_999_000)) { $0.accountFailures < 5 }
        #expect(admitted.accountFailures == 3 && admitted.addressFailures == 0 && admitted.recordedID == 42)
        let sent = sentSQL(peer)
        let expected = ["BEGIN TRANSACTION", "sp_getapplock @Resource = N'hearth.sign-in'", "OUTPUT inserted.seq", "COMMIT TRANSACTION"]
        let last = Array(sent.suffix(expected.count))
        #expect(last.count == expected.count && zip(last, expected).allSatisfy { $0.contains($1) }, "\(last)")
        #expect(sent.contains { $0.contains("@LockOwner = N'Transaction'") })

        failures.withLock { $0 = 5 }
        let refused = try await store.admitSignInAttempt(attempt, since: Date(timeIntervalSince1970: 1_799_999_000)) { $0.accountFailures < 5 }
        #expect(refused.accountFailures == 5 && refused.recordedID == nil)
        #expect(sentSQL(peer).filter { $0.contains("OUTPUT inserted.seq") }.count == 1)
    }
}
