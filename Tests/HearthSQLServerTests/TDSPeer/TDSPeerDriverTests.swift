import Foundation
import Synchronization
import Testing

@testable import HearthStore

/// Hearth's FreeTDS wrapper against the TDS test peer (a fixture speaking TDS 7.4, not SQL
/// Server): parameters are encoded as typed RPC parameters, every type decodes back exactly,
/// server errors and info messages surface, bad logins fail clearly, and a dropped connection is
/// detected and replaced.
@Suite(.serialized) struct TDSPeerDriverTests {
    static let password = "Corr3ct-Horse!"

    func configuration(
        _ peer: TDSPeer,
        user: String = "hearth_app",
        password: String = Self.password,
        database: String? = "hearth"
    ) throws -> SQLServerConfiguration {
        var text = "Server=tcp:127.0.0.1,\(peer.port);User ID=\(user);Password=\(password);Encrypt=false;Connect Timeout=5"
        if let database { text += ";Database=\(database)" }
        return try SQLServerConfiguration(connectionString: text)
    }

    /// Opens a connection and runs `body` on a thread of its own, as the pool does.
    func withConnection<T: Sendable>(
        _ configuration: SQLServerConfiguration,
        _ body: @escaping @Sendable (TDSConnection) throws -> T
    ) async throws -> T {
        let connection = try await SQLServerConnection.open(configuration)
        defer { connection.close() }
        return try await connection.run(body)
    }

    @Test func everyTypeRoundTripsAsATypedParameter() async throws {
        let peer = try TDSPeer(respond: TDSPeerEcho.parameters)
        defer { peer.stop() }
        let id = UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF")!
        let when = Date(timeIntervalSince1970: 1_800_000_000.123)
        let unicode = "héllo wörld — 日本語 🔥𝄞 \u{10FFFF}"
        let long = String(repeating: "ab🔥", count: 3000)  // > 4,000 UTF-16 units: NVARCHAR(MAX)
        let package = Data((0..<(12 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })  // 12 MiB: VARBINARY(MAX)
        let parameters: [(String, SQLValue)] = [
            ("text", .string(unicode)), ("long_text", .string(long)), ("empty_text", .string("")), ("no_text", .string(nil)),
            ("small", .int32(Int32.min)), ("big", .int64(Int64.max)), ("no_int", .int64(nil)),
            ("yes", .bool(true)), ("no", .bool(false)), ("ratio", .double(12.5)),
            ("at", .date(when)), ("before_1900", .date(Date(timeIntervalSince1970: -2_500_000_000))), ("id", .uuid(id)),
            ("package", .bytes(package)), ("short_bytes", .bytes(Data([0, 1, 2, 255]))), ("no_bytes", .bytes(nil)),
        ]
        let statement = "SELECT @text AS text;"
        let result = try await withConnection(try configuration(peer)) { try $0.execute(statement, parameters) }

        // What the peer received: sp_executesql, the statement text without any value in it, and typed parameters.
        let request = try #require(peer.requests.last { $0.isRPC })
        #expect(request.procedure == "sp_executesql")
        #expect(request.sql == "SET @empty_text = N'';\n" + statement)
        #expect(request.declaration?.contains("@at datetime2(7)") == true)
        #expect(request.declaration?.contains("@package varbinary(max)") == true)
        let received = Dictionary(uniqueKeysWithValues: request.parameters.map { ($0.name, $0) })
        #expect(received["@text"]?.value == .text(unicode))
        #expect(received["@long_text"]?.value == .text(long))
        #expect(received["@long_text"]?.type.isPLP == true)
        #expect(received["@empty_text"]?.value == .null)
        #expect(received["@small"]?.value == .int(Int64(Int32.min)))
        #expect(received["@big"]?.value == .int(Int64.max))
        #expect(received["@yes"]?.value == .bit(true))
        #expect(received["@id"]?.value == .binary([0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]))
        // 2027-01-15T08:00:00.123Z: days since 0001-01-01 and 100 ns ticks since midnight.
        #expect(received["@at"]?.value == .datetime2(ticks: (8 * 3600) * 10_000_000 + 1_230_000, days: 739_995))
        #expect(received["@package"]?.value == .binary(Array(package)))
        #expect(received["@package"]?.type.isPLP == true)
        for secretish in [unicode, "12.5"] { #expect(!request.sql.contains(secretish)) }

        // What came back: every value, decoded into the type it was sent as.
        let row = try #require(result.firstRow)
        #expect(row["text"] == .string(unicode))
        #expect(row["long_text"] == .string(long))
        #expect(row["empty_text"] == .string(nil))  // the peer does not run the SET prologue
        #expect(row["no_text"] == .string(nil))
        #expect(row["small"] == .int32(Int32.min))
        #expect(row["big"] == .int64(Int64.max))
        #expect(row["no_int"] == .int64(nil))
        #expect(row["yes"] == .bool(true))
        #expect(row["no"] == .bool(false))
        #expect(row["ratio"] == .double(12.5))
        #expect(row.date("at").map { ($0.timeIntervalSince1970 * 1000).rounded() } == 1_800_000_000_123)
        #expect(row.date("before_1900").map { $0.timeIntervalSince1970 } == -2_500_000_000)
        #expect(row["id"] == .uuid(id))
        #expect(row["package"] == .bytes(package))
        #expect(row["short_bytes"] == .bytes(Data([0, 1, 2, 255])))
        #expect(row["no_bytes"] == .bytes(nil))
    }

    @Test func serverErrorsAndInfoMessagesSurfaceAndTheConnectionStaysUsable() async throws {
        let peer = try TDSPeer { request in
            if request.sql.contains("dup") {
                return [.error(number: 2627, severity: 14, message: "Violation of PRIMARY KEY constraint 'pk_tenants'.")]
            }
            if request.sql.contains("victim") {
                return [
                    .error(
                        number: 1205,
                        severity: 13,
                        message:
                            "Transaction (Process ID 51) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."
                    )
                ]
            }
            return [.info(number: 50000, message: "hello from PRINT"), .rows([TDSPeerColumn(name: "n", type: .intN(size: 4))], [[.int(7)]])]
        }
        defer { peer.stop() }
        let connection = try await SQLServerConnection.open(try configuration(peer))
        defer { connection.close() }
        await #expect {
            _ = try await connection.run { try $0.execute("INSERT dup", [("id", .int32(1))]) }
        } throws: { error in
            let error = error as? SQLServerError
            return error?.code == .server && error?.number == 2627 && error?.isUniqueViolation == true
        }
        await #expect {
            _ = try await connection.run { try $0.execute("victim", [("id", .int32(1))]) }
        } throws: { ($0 as? SQLServerError)?.code == .deadlock }
        let result = try await connection.run { try $0.execute("SELECT 7 AS n", [("x", .int32(1))]) }
        #expect(result.firstRow?.int("n") == 7)
        #expect(result.messages == ["hello from PRINT"])
        let batch = try await connection.run { try $0.batch("SELECT 7 AS n") }
        #expect(batch.firstRow?.int("n") == 7)
        #expect(connection.broken == false)
    }

    @Test func aWrongPasswordIsALoginErrorThatNeverShowsThePassword() async throws {
        let peer = try TDSPeer(respond: TDSPeerEcho.parameters)
        defer { peer.stop() }
        let wrong = "N0t-The-Password;really"
        await #expect {
            _ = try await SQLServerConnection.open(try configuration(peer, password: "\"\(wrong)\""))
        } throws: { error in
            let error = error as? SQLServerError
            let text = "\(error.map { String(describing: $0) } ?? "")"
            return error?.code == .login && error?.number == 18456 && text.contains("hearth_app") && !text.contains(wrong)
        }
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        let peer = try TDSPeer(respond: TDSPeerEcho.parameters)
        defer { peer.stop() }
        await #expect {
            _ = try await SQLServerConnection.open(try configuration(peer, database: "nope"))
        } throws: { error in
            let error = error as? SQLServerError
            return error?.code == .login && error?.number == 4060 && "\(error!)".contains("'nope'")
        }
    }

    @Test func anUnreachableServerIsAConnectionError() async throws {
        let peer = try TDSPeer(respond: TDSPeerEcho.parameters)
        let port = peer.port
        peer.stop()  // nothing listens there now
        let configuration = try SQLServerConfiguration(connectionString: "Server=tcp:127.0.0.1,\(port);User ID=u;Password=p;Connect Timeout=3")
        await #expect {
            _ = try await SQLServerConnection.open(configuration)
        } throws: { error in
            let error = error as? SQLServerError
            return error?.code == .connection && "\(error!)".contains("127.0.0.1:\(port)")
        }
    }

    @Test func eachConnectionGetsOnlyItsOwnServerMessagesUnderConcurrency() async throws {
        // The peer echoes the request's marker as an INFO message; db-lib's message handler is
        // process-wide, so routing each message to its own connection is Hearth's job.
        let peer = try TDSPeer { request in
            let marker = request.sql.split(separator: " ").last.map(String.init) ?? "?"
            return [.info(number: 50000, message: "for \(marker)"), .rows([TDSPeerColumn(name: "n", type: .intN(size: 4))], [[.int(1)]])]
        }
        defer { peer.stop() }
        let configuration = try configuration(peer)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let connection = try await SQLServerConnection.open(configuration)
                    defer { connection.close() }
                    for round in 0..<25 {
                        let marker = "c\(index)r\(round)"
                        let result = try await connection.run { try $0.execute("SELECT 1 AS n -- \(marker)", [("x", .int32(1))]) }
                        #expect(result.messages == ["for \(marker)"])
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func aConnectionDroppedMidQueryIsReplacedByThePool() async throws {
        let dropNext = Mutex(true)
        let peer = try TDSPeer { request in
            let drop = dropNext.withLock { value -> Bool in
                defer { value = false }
                return value
            }
            if request.sql.contains("work"), drop { return [.drop] }
            return [.rows([TDSPeerColumn(name: "ok", type: .bitN)], [[.bit(true)]])]
        }
        defer { peer.stop() }
        var configuration = try configuration(peer)
        configuration.maxPoolSize = 1
        let pool = SQLServerConnectionPool(configuration: configuration)
        defer { pool.shutdown() }
        await #expect {
            _ = try await pool.withConnection { connection in try await connection.run { try $0.execute("work", [("n", .int32(1))]) } }
        } throws: { error in
            let error = error as? SQLServerError
            return error?.code == .connection && error?.afterSend == true
        }
        let again = try await pool.withConnection { connection in try await connection.run { try $0.execute("work", [("n", .int32(2))]) } }
        #expect(again.firstRow?.bool("ok") == true)
        #expect(peer.logins == 2)  // the broken connection was closed and a new one opened
    }
}
