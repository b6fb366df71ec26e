import Foundation
import NIOHTTP1
import Testing

/// The front's two paths: requests for a running custom handler are answered on the connection's
/// event loop (the fast path), everything else by the general path. One connection may mix them,
/// pipelined, and must get every answer in order, the same answers as with `--no-fast-path`.
@Suite(.serialized) struct FastPathTests {
    /// Six requests written at once: warm calls, an unknown app (general path, after a look at the
    /// store), a chunked JSON body, the health route, a missing key, another call.
    static let pipelined = [
        "GET /_app/hello/api/hello/Ann HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /_app/nope/api/hello HTTP/1.1\r\nHost: t\r\n\r\n",
        "POST /_app/hello/api/items/7?x=1 HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n",
        "GET /_hearth/health HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /_app/hello/api/Secure HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /_app/hello/api/hello/Bea HTTP/1.1\r\nHost: t\r\n\r\n",
    ].joined()

    /// Status and the part of the body that must be there, per pipelined request.
    static let expected: [(Int, String)] = [
        (200, "Hello, Ann!"), (404, "No function app is served"), (201, #""body":"{\"a\": 1}""#), (200, #""status":"ok""#),
        (401, "needs a function key"), (200, "Hello, Bea!"),
    ]

    @Test(arguments: [true, false]) func pipelinedRequestsAreAnsweredInOrderOnBothPaths(fastPath: Bool) async throws {
        let server = try await HearthServer(extraArguments: fastPath ? [] : ["--no-fast-path"])
        defer { server.stop() }
        try await server.createApp("hello")
        #expect(try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("hello", "/api/hello").status == 200 })

        let connection = try RawHTTPConnection(port: server.workerPort)
        // Twice on the same connection: the answers leave it reusable.
        for round in 1...2 {
            #expect(connection.send(Self.pipelined))
            for (index, (status, fragment)) in Self.expected.enumerated() {
                let response = try connection.readResponse()
                #expect(response.status == status, "round \(round), request \(index + 1): \(response.status) \(response.body)")
                #expect(response.body.contains(fragment), "round \(round), request \(index + 1): \(response.body)")
                #expect(response.header("Server") == "Hearth")
                #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            }
        }
        // The calls are in the invocation log, with what the function logged.
        let logged = try await server.eventually {
            let entries = try await server.invocations("hello", function: "Hello")
            let lines = entries.flatMap { $0["logs"] as? [String] ?? [] }
            return lines.filter { $0 == "greeted Ann" }.count == 2 && lines.filter { $0 == "greeted Bea" }.count == 2
        }
        #expect(logged)
    }

    @Test func bodiesOverTheLimitGet413AndChangeNothing() async throws {
        let server = try await HearthServer(extraArguments: ["--max-request-body-mb", "1"])
        defer { server.stop() }
        try await server.createApp("hello")
        #expect(try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("hello", "/api/hello").status == 200 })

        // Declared too large: refused before the body is read (general path).
        let declared = try await server.call(
            "hello",
            "/api/items/1",
            method: .POST,
            headers: [("Content-Type", "text/plain")],
            body: Data(repeating: 0x61, count: (1 << 20) + 1)
        )
        #expect(declared.status == 413)
        #expect(declared.text.contains("limited to 1048576 bytes"))

        // Chunked, growing past the limit while the warm path collects it: 413, then the connection closes.
        let connection = try RawHTTPConnection(port: server.workerPort)
        connection.send("POST /_app/hello/api/items/1 HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = "10000\r\n" + String(repeating: "a", count: 0x10000) + "\r\n"
        for _ in 0..<24 where connection.send(chunk) {}
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(response.body.contains("limited to 1048576 bytes"))
        #expect(response.header("Connection") == "close")
        #expect(connection.isClosedByPeer())

        // Within the limit, the same function answers; the refused calls were never invoked.
        let fits = try await server.call("hello", "/api/items/1", method: .POST, headers: [("Content-Type", "text/plain")], body: Data("fits".utf8))
        #expect(fits.status == 201)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await server.invocations("hello", function: "Echo").count == 1)
    }

    @Test func aCloseRequestEndsTheConnectionAndAHalfCloseStillGetsItsAnswer() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("hello")
        #expect(try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("hello", "/api/hello").status == 200 })

        // Nothing written after `Connection: close` is run (RFC 9112 §9.6): Bea is never greeted.
        let closing = try RawHTTPConnection(port: server.workerPort)
        closing.send(
            "GET /_app/hello/api/hello/Ann HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                + "GET /_app/hello/api/hello/Bea HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        let first = try closing.readResponse()
        #expect(first.status == 200)
        #expect(first.body == "Hello, Ann!")
        #expect(closing.isClosedByPeer())

        // A client that sends its request and closes its side at once still gets the answer.
        let halfClosed = try RawHTTPConnection(port: server.workerPort)
        halfClosed.send("GET /_app/hello/api/hello/Cy HTTP/1.1\r\nHost: t\r\n\r\n")
        halfClosed.shutdownWrite()
        let answer = try halfClosed.readResponse()
        #expect(answer.status == 200)
        #expect(answer.body == "Hello, Cy!")

        try await Task.sleep(for: .milliseconds(600))
        let lines = try await server.invocations("hello", function: "Hello").flatMap { $0["logs"] as? [String] ?? [] }
        #expect(lines.contains("greeted Ann"))
        #expect(lines.contains("greeted Cy"))
        #expect(!lines.contains("greeted Bea"))
    }

    /// A caller that goes away in the middle of a body leaves nothing behind: the connection is
    /// closed on whichever path the request was, and the function is not invoked.
    @Test func aBodyCutShortClosesTheConnectionOnEveryPath() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("hello")
        #expect(try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("hello", "/api/hello").status == 200 })
        let heads = [
            "POST /_app/hello/api/items/1 HTTP/1.1",  // fast path, collecting the body
            "POST /_app/nope/api/items/1 HTTP/1.1",  // general path (unknown app)
            "GET /_app/hello/api/Secure HTTP/1.1",  // answered 401 at once, the body discarded
        ]
        for head in heads {
            let connection = try RawHTTPConnection(port: server.workerPort)
            connection.send("\(head)\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly ten b")
            connection.shutdownWrite()
            #expect(connection.isClosedByPeer(), "\(head)")
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await server.invocations("hello", function: "Echo").isEmpty)
    }
}
