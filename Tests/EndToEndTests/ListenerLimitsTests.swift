import Foundation
import NIOHTTP1
import Testing

/// Slow and idle clients cannot hold either port: the real binary with short limits, raw sockets.
@Suite(.serialized) struct ListenerLimitsTests {
    func healthRequest(_ port: Int, server: HearthServer) -> String {
        let path = port == server.workerPort ? "/_hearth/health" : "/api/health"
        return "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    }

    @Test func halfSentHeadsStalledBodiesAndIdleConnectionsAreClosedOnBothPorts() async throws {
        let server = try await HearthServer(extraArguments: ["--request-head-timeout", "1", "--connection-idle-timeout", "2"])
        defer { server.stop() }
        for port in [server.managementPort, server.workerPort] {
            // Half a head, one more header line every 200 ms: closed about 1 s after its first byte.
            let trickle = try RawHTTPConnection(port: port)
            let started = ContinuousClock.now
            trickle.send("GET / HTTP/1.1\r\n")
            for line in 0..<25 where !trickle.isReadable(within: .milliseconds(200)) {
                trickle.send("X-Slow-\(line): y\r\n")
            }
            #expect(trickle.isClosedByPeer(), "port \(port): a trickled head was never closed")
            #expect(ContinuousClock.now - started < .seconds(4), "port \(port): closed only after \(ContinuousClock.now - started)")

            // A kept-alive connection after its answer: closed after the idle limit.
            let idle = try RawHTTPConnection(port: port)
            idle.send(healthRequest(port, server: server))
            #expect(try idle.readResponse().status == 200)
            let answered = ContinuousClock.now
            #expect(idle.isClosedByPeer(), "port \(port): an idle connection was never closed")
            let idleFor = ContinuousClock.now - answered
            #expect(idleFor > .milliseconds(1500) && idleFor < .seconds(5), "port \(port): idle connection closed after \(idleFor)")

            // A body that stops coming.
            let stalled = try RawHTTPConnection(port: port)
            stalled.send("POST /_app/nope/api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nfirst bytes")
            let sent = ContinuousClock.now
            #expect(stalled.isClosedByPeer(), "port \(port): a stalled body was never closed")
            #expect(ContinuousClock.now - sent < .seconds(6), "port \(port): a stalled body held the connection")
        }
        // The server still serves.
        #expect(try await server.api(.GET, "/api/health").status == 200)
    }

    @Test func theConnectionCapHoldsExtraConnectionsAndSaysSoOnce() async throws {
        let server = try await HearthServer(extraArguments: ["--max-connections", "4"])
        defer { server.stop() }
        let port = server.workerPort
        var held: [RawHTTPConnection] = []
        for _ in 0..<4 {
            let connection = try RawHTTPConnection(port: port)
            connection.send(healthRequest(port, server: server))
            #expect(try connection.readResponse().status == 200)
            held.append(connection)
        }
        // Two more connect (the system's backlog) but are not served while four are open.
        let waiting = try (0..<2).map { _ in try RawHTTPConnection(port: port) }
        for connection in waiting { connection.send(healthRequest(port, server: server)) }
        #expect(!waiting[0].isReadable(within: .seconds(1)), "a fifth connection was served beyond the cap of 4")
        // One closes: the first waiting one is served; another closes: the second.
        held.removeFirst()
        #expect(try waiting[0].readResponse().status == 200)
        held.removeFirst()
        #expect(try waiting[1].readResponse().status == 200)
        let lines = server.log.components(separatedBy: "\n").filter { $0.contains("connection limit reached") }
        #expect(lines.count == 1, "\(server.log)")
        #expect(lines.first?.contains("function host") == true)
    }

    @Test func capsBeyondTheOpenFileLimitAreWarnedWithTheFix() async throws {
        let server = try await HearthServer(extraArguments: ["--max-connections", "1000000000"])
        defer { server.stop() }
        #expect(server.log.contains("× --max-connections 1000000000 exceed the open-file limit"), "\(server.log)")
        #expect(server.log.contains("lower --max-connections to"))
    }
}
