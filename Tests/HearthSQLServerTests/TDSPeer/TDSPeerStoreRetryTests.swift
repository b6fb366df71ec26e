import Foundation
import Logging
import Synchronization
import Testing

@testable import HearthStore

/// The SQL Server store's own behaviour over the TDS test peer: a deadlock victim is retried, a
/// server that does not answer hits Command Timeout and the connection is replaced.
@Suite struct TDSPeerStoreRetryTests {
    func store(_ peer: TDSPeer, commandTimeout: Int = 30) throws -> SQLServerStore {
        let configuration = try SQLServerConfiguration(
            connectionString:
                "Server=tcp:127.0.0.1,\(peer.port);User ID=hearth_app;Password=\(TDSPeerDriverTests.password);Database=hearth;Encrypt=false;Connect Timeout=5;Command Timeout=\(commandTimeout)"
        )
        return SQLServerStore(
            configuration: configuration,
            cipher: try SecretCipher(keyBytes: Data(repeating: 3, count: 32)),
            logger: Logger(label: "test")
        )
    }

    static let noTenants: [TDSPeerReply] = [.rows([TDSPeerColumn(name: "id", type: .bitN)], [])]

    @Test func aDeadlockVictimIsRetried() async throws {
        let failuresLeft = Mutex(2)
        let peer = try TDSPeer { request in
            guard request.sql.contains("hearth.tenants") else { return [.done(rowCount: 0)] }
            let fail = failuresLeft.withLock { left -> Bool in
                defer { left -= 1 }
                return left > 0
            }
            if fail {
                return [
                    .error(
                        number: 1205,
                        severity: 13,
                        message:
                            "Transaction (Process ID 51) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."
                    )
                ]
            }
            return Self.noTenants
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        #expect(try await store.tenants().isEmpty)
        #expect(peer.requests.filter { $0.sql.contains("hearth.tenants") }.count == 3, "two deadlocks, then the third attempt answered")
    }

    @Test func aDeadlockThatPersistsIsReportedAfterTheRetries() async throws {
        let peer = try TDSPeer { request in
            guard request.sql.contains("hearth.tenants") else { return [.done(rowCount: 0)] }
            return [.error(number: 1205, severity: 13, message: "chosen as the deadlock victim")]
        }
        defer { peer.stop() }
        let store = try store(peer)
        defer { store.shutdown() }
        await #expect(throws: StoreError.self) { try await store.tenants() }
        #expect(peer.requests.filter { $0.sql.contains("hearth.tenants") }.count == 4, "one attempt and three retries")
    }

    @Test func aServerThatDoesNotAnswerHitsCommandTimeoutAndTheConnectionIsReplaced() async throws {
        let slowFirst = Mutex(true)
        let peer = try TDSPeer { request in
            guard request.sql.contains("hearth.tenants") else { return [.done(rowCount: 0)] }
            let slow = slowFirst.withLock { value -> Bool in
                defer { value = false }
                return value
            }
            return slow ? [.delay(.seconds(4))] + Self.noTenants : Self.noTenants
        }
        defer { peer.stop() }
        let store = try store(peer, commandTimeout: 1)
        defer { store.shutdown() }
        do {
            _ = try await store.tenants()
            Issue.record("a query past Command Timeout succeeded")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect("\(error)".contains("Command Timeout=1"), "\(error)")
        }
        #expect(try await store.tenants().isEmpty)
    }
}
