import HTTPTypes
import HearthListeners
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

/// Hearth writes its answers' bytes itself (``HTTP1ResponseEncoder`` in the ``HTTP1ServerCodec``):
/// the same bytes NIO's `HTTPResponseEncoder` wrote for them in the pipeline Hearth had before, for
/// ordinary and hostile answers, and answers a client can read one after the other.
@Suite struct HTTP1ResponseEncoderTests {
    /// Requests read on a connection, then answer parts written back.
    struct Case: CustomStringConvertible {
        var description: String
        var requests: [(method: String, version: String)] = [("GET", "HTTP/1.1")]
        var parts: [HTTPResponsePart]
    }

    /// What a pipeline wrote, and which part writes failed.
    struct Written: Equatable {
        var bytes: [UInt8] = []
        var failed: [Bool] = []
    }

    static func name(_ text: String) -> HTTPField.Name { HTTPField.Name(text)! }

    static func answer(
        _ code: Int,
        _ fields: [(String, String)] = [],
        phrase: String = "",
        body: [String] = [],
        trailers: HTTPFields? = nil
    ) -> [HTTPResponsePart] {
        var headerFields = HTTPFields()
        for (name, value) in fields { headerFields.append(HTTPField(name: Self.name(name), value: value)) }
        return [.head(HTTPResponse(status: .init(code: code, reasonPhrase: phrase), headerFields: headerFields))]
            + body.map { .body(ByteBuffer(string: $0)) } + [.end(trailers)]
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for code in [100, 101, 102, 103, 199, 200, 201, 204, 205, 226, 304, 404, 418, 421, 500, 599, 99, 0, 999] {
            cases.append(Case(description: "\(code) no length", parts: answer(code, body: ["abc"])))
            cases.append(Case(description: "\(code) length", parts: answer(code, [("Content-Length", "3")], body: ["abc"])))
            cases.append(
                Case(
                    description: "\(code) length and TE",
                    parts: answer(code, [("transfer-encoding", "gzip"), ("Content-Length", "3"), ("X-A", "1")], body: ["abc"])
                )
            )
            cases.append(
                Case(description: "\(code) TE chunked", parts: answer(code, [("Transfer-Encoding", "Chunked"), ("X-A", "1")], body: ["abc"]))
            )
            cases.append(Case(description: "\(code) HEAD", requests: [("HEAD", "HTTP/1.1")], parts: answer(code, [("Content-Length", "3")])))
        }
        let mixed: [(String, String)] = [
            ("X-Mixed-CASE", "v"), ("x-mixed-case", "w"), ("CONTENT-TYPE", "text/plain"), ("Empty", ""), ("Set-Cookie", "a=1; Path=/"),
            ("set-cookie", "b=2"), ("X-Utf8", "caf\u{E9} \u{20AC} \u{1F600}"), ("Date", "Mon, 07 Dec 2026 12:00:00 GMT"),
        ]
        cases += [
            Case(description: "mixed fields, length", parts: answer(200, mixed + [("content-length", "2")], body: ["ok"])),
            Case(description: "mixed fields, chunked", parts: answer(200, mixed, body: ["ok"])),
            Case(
                description: "own phrases",
                parts: answer(200, [("Content-Length", "0")], phrase: "Fine") + answer(599, [("Content-Length", "0")], phrase: "Custom Thing")
            ),
            Case(description: "two lengths", parts: answer(200, [("Content-Length", "2"), ("content-length", "2")], body: ["ok"])),
            Case(description: "two TE", parts: answer(200, [("Transfer-Encoding", "gzip"), ("TRANSFER-ENCODING", "chunked")], body: ["ok"])),
            Case(
                description: "chunked, trailers",
                parts: answer(200, body: ["a", "", "bcd"], trailers: [name("X-Trailer"): "t", name("x-trailer"): "u", name("Server-Timing"): ""])
            ),
            Case(description: "length, trailers dropped", parts: answer(200, [("Content-Length", "1")], body: ["a"], trailers: [name("X-T"): "t"])),
            Case(description: "empty body parts", parts: answer(200, body: ["", "", ""])),
            Case(description: "empty body parts, length", parts: answer(200, [("Content-Length", "0")], body: ["", ""])),
            Case(description: "many parts", parts: answer(200, body: (0..<300).map { String(repeating: "x", count: $0 % 40) })),
            Case(description: "big chunk", parts: answer(200, body: [String(repeating: "y", count: 70_000)])),
            Case(description: "HTTP/1.0 request", requests: [("GET", "HTTP/1.0")], parts: answer(200, body: ["abc"])),
            Case(
                description: "HTTP/1.0 request, length",
                requests: [("GET", "HTTP/1.0")],
                parts: answer(200, [("Content-Length", "3")], body: ["abc"])
            ),
            Case(description: "HEAD, chunked", requests: [("HEAD", "HTTP/1.1")], parts: answer(200, [("X-A", "1")], trailers: [name("X-T"): "t"])),
            Case(description: "HEAD with a body", requests: [("HEAD", "HTTP/1.1")], parts: answer(200, [("Content-Length", "3")], body: ["abc"])),
            Case(
                description: "CONNECT",
                requests: [("CONNECT", "HTTP/1.1")],
                parts: answer(200, [("Content-Length", "3"), ("Transfer-Encoding", "chunked")])
            ),
            Case(description: "CONNECT refused", requests: [("CONNECT", "HTTP/1.1")], parts: answer(405, [("Content-Length", "2")])),
            Case(
                description: "100 Continue then HEAD's answer",
                requests: [("HEAD", "HTTP/1.1")],
                parts: answer(100) + answer(200, [("X-A", "1")])
            ),
            Case(
                description: "pipelined GET HEAD GET",
                requests: [("GET", "HTTP/1.1"), ("HEAD", "HTTP/1.1"), ("GET", "HTTP/1.1")],
                parts: answer(200, body: ["one"]) + answer(200, [("Content-Length", "3")]) + answer(404, [("Content-Length", "4")], body: ["four"])
            ),
            Case(description: "answers with no request read", requests: [], parts: answer(400, [("Connection", "close")], body: ["bad"])),
            Case(
                description: "CR LF NUL in values",
                parts: answer(200, [("X-Injected", "a\r\nSet-Cookie: evil=1"), ("X-Nul", "a\u{0}b"), ("Content-Length", "0")])
            ),
        ]
        var latin1 = HTTPFields()
        latin1.append(HTTPField(name: name("X-Latin1"), value: [UInt8(ascii: "c"), 0xE9, 0xFF]))
        latin1.append(HTTPField(name: .contentLength, value: "0"))
        cases.append(Case(description: "obs-text value", parts: [.head(HTTPResponse(status: .ok, headerFields: latin1)), .end(nil)]))
        return cases
    }()

    static func requestBytes(_ requests: [(method: String, version: String)]) -> ByteBuffer {
        ByteBuffer(string: requests.map { "\($0.method) /r \($0.version)\r\nHost: a\r\n\r\n" }.joined())
    }

    /// `c` through Hearth's HTTP/1.1 handlers or through NIO's as Hearth had them.
    static func written(_ c: Case, hearth: Bool) throws -> Written {
        let channel = EmbeddedChannel()
        if hearth {
            try HearthHTTP1Channel.addHTTP1Handlers(to: channel.pipeline.syncOperations, secure: false, timeouts: nil)
        } else {
            try HTTP1ServerCodecTests.addNIOHandlers(to: channel.pipeline.syncOperations)
        }
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        if !c.requests.isEmpty { try channel.writeInbound(requestBytes(c.requests)) }
        while try channel.readInbound(as: HTTPRequestPart.self) != nil {}
        var result = Written()
        for part in c.parts {
            do {
                try channel.writeOutbound(part)
                result.failed.append(false)
            } catch {
                result.failed.append(true)
            }
        }
        while var bytes = try channel.readOutbound(as: ByteBuffer.self) { result.bytes += bytes.readBytes(length: bytes.readableBytes)! }
        _ = try? channel.finish()
        return result
    }

    /// `c` through the encoder alone, with no channel.
    static func encoded(_ c: Case) throws -> Written {
        var encoder = HTTP1ResponseEncoder()
        for request in c.requests { encoder.requestRead(method: HTTPMethod(rawValue: request.method)) }
        let allocator = ByteBufferAllocator()
        var result = Written()
        for part in c.parts {
            result.failed.append(false)
            switch part {
            case .head(let response):
                var head = encoder.head(response, allocator: allocator)
                result.bytes += head.readBytes(length: head.readableBytes)!
            case .body(var body):
                switch encoder.body(length: body.readableBytes) {
                case .asIs:
                    result.bytes += body.readBytes(length: body.readableBytes)!
                case .chunk:
                    var header = HTTP1ResponseEncoder.chunkHeader(length: body.readableBytes, allocator: allocator)
                    result.bytes += header.readBytes(length: header.readableBytes)! + body.readBytes(length: body.readableBytes)! + Array("\r\n".utf8)
                case .refused:
                    result.failed[result.failed.count - 1] = true
                }
            case .end(let trailers):
                if var end = encoder.end(trailers, allocator: allocator) { result.bytes += end.readBytes(length: end.readableBytes)! }
            }
        }
        return result
    }

    @Test(arguments: cases) func answersAreTheBytesNIOWrote(_ c: Case) throws {
        let nio = try Self.written(c, hearth: false)
        let hearth = try Self.written(c, hearth: true)
        #expect(
            hearth == nio,
            "\(String(decoding: hearth.bytes.prefix(300), as: UTF8.self)) != \(String(decoding: nio.bytes.prefix(300), as: UTF8.self))"
        )
        #expect(try Self.encoded(c) == nio)
        #expect(!hearth.bytes.isEmpty)
    }

    @Test func aHeaderValueCannotSplitTheAnswer() throws {
        let c = Self.cases.first { $0.description == "CR LF NUL in values" }!
        let text = String(decoding: try Self.written(c, hearth: true).bytes, as: UTF8.self)
        #expect(!text.contains("\r\nSet-Cookie"))
        #expect(!text.contains("\u{0}"))
        #expect(text.contains("X-Injected: a  Set-Cookie: evil=1\r\n"))
    }

    @Test func statusLinesAndFraming() throws {
        var encoder = HTTP1ResponseEncoder()
        let allocator = ByteBufferAllocator()
        encoder.requestRead(method: .GET)
        let head = encoder.head(HTTPResponse(status: .init(code: 599), headerFields: [Self.name("X-A"): "1"]), allocator: allocator)
        #expect(String(buffer: head) == "HTTP/1.1 599 \r\nX-A: 1\r\ntransfer-encoding: chunked\r\n\r\n")
        #expect(encoder.body(length: 0) == .asIs)
        #expect(encoder.body(length: 26) == .chunk)
        #expect(String(buffer: HTTP1ResponseEncoder.chunkHeader(length: 26, allocator: allocator)) == "1a\r\n")
        #expect(encoder.end([Self.name("X-T"): "t"], allocator: allocator).map { String(buffer: $0) } == "0\r\nX-T: t\r\n\r\n")
        encoder.requestRead(method: .HEAD)
        let headAnswer = encoder.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "5"]), allocator: allocator)
        #expect(String(buffer: headAnswer) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        #expect(encoder.body(length: 5) == .refused)
        #expect(encoder.end(nil, allocator: allocator) == nil)
    }

    /// A keep-alive client reads two pipelined answers (the first chunked, with an empty part and
    /// trailers; the second framed by its length) as two whole answers: wrong framing would run
    /// them together or cut one short.
    @Test func aClientReadsPipelinedAnswersOneAfterTheOther() throws {
        let server = EmbeddedChannel()
        let timeouts = ConnectionTimeoutHandler(headTimeout: .seconds(5), idleTimeout: .seconds(20), logger: Logger(label: "test"))
        try server.pipeline.syncOperations.addHandler(timeouts)
        try HearthHTTP1Channel.addHTTP1Handlers(to: server.pipeline.syncOperations, secure: false, timeouts: timeouts)
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try server.writeInbound(Self.requestBytes([("GET", "HTTP/1.1"), ("GET", "HTTP/1.1")]))
        server.read()
        while try server.readInbound(as: HTTPRequestPart.self) != nil {}
        for part in Self.answer(200, [("X-First", "1")], body: ["hello ", "", "world"], trailers: [Self.name("X-Trailer"): "t"])
            + Self.answer(404, [("Content-Length", "9")], body: ["not", " found"])
        {
            try server.writeOutbound(part)
        }
        // Every answer's end reached the timeout handler: the idle limit runs from the last one.
        server.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(server.isActive)

        let client = EmbeddedChannel()
        try client.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder()))
        try client.pipeline.syncOperations.addHandler(NIOHTTPClientResponseAggregator(maxContentLength: 1 << 20))
        // The client decoder pairs answers with requests it sent.
        try client.pipeline.syncOperations.addHandler(HTTPRequestEncoder(), position: .first)
        try client.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/r")))
        try client.writeOutbound(HTTPClientRequestPart.end(nil))
        try client.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/r")))
        try client.writeOutbound(HTTPClientRequestPart.end(nil))
        while let bytes = try server.readOutbound(as: ByteBuffer.self) { try client.writeInbound(bytes) }
        let first = try client.readInbound(as: NIOHTTPClientResponseFull.self)
        let second = try client.readInbound(as: NIOHTTPClientResponseFull.self)
        #expect(first?.head.status == .ok && first?.head.headers["X-First"] == ["1"])
        #expect(first?.body.map { String(buffer: $0) } == "hello world")
        #expect(second?.head.status == .notFound && second?.body.map { String(buffer: $0) } == "not found")
        #expect(try client.readInbound(as: NIOHTTPClientResponseFull.self) == nil)
        server.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!server.isActive)
        _ = try? client.finish()
    }
}
