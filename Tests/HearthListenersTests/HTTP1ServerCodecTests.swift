import HTTPTypes
import HearthListeners
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

/// Hearth's HTTP/1 → HTTPTypes codec gives every request head exactly what NIOHTTPTypesHTTP1's
/// conversion gives, without parsing origin-form targets with URLComponents.
@Suite struct HTTP1ServerCodecTests {
    func head(_ method: HTTPMethod = .GET, _ uri: String, _ headers: [(String, String)] = [("Host", "a.localhost:8080")]) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders(headers))
    }

    /// Both conversions, which must agree (or both throw).
    func expectSame(_ head: HTTPRequestHead, secure: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let nio = try? HTTPRequest(head, secure: secure, splitCookie: false)
        let hearth = try? HTTP1ServerCodec.request(head, secure: secure)
        #expect(hearth == nio, "\(head.uri)", sourceLocation: sourceLocation)
    }

    @Test func originFormTargetsConvertAsNIODoes() {
        let long = "/" + String(repeating: "a/", count: 40_000) + "?q=" + String(repeating: "%", count: 10_000)
        let targets = [
            "/", "/api/hello", "/api/hello?n=1&code=k%20y+z", "/_app/x/api/y?", "//double/slash", "/a b", "/%zz%", "/%E2%82%AC?x=%",
            "/path#fragment", "/?", "/\u{00E9}t\u{00E9}", "/a?b?c", "/..%2F..%2Fetc/passwd", long,
        ]
        for target in targets {
            expectSame(head(.GET, target))
            expectSame(head(.POST, target), secure: true)
        }
    }

    @Test func otherTargetsGoThroughNIOsConversion() throws {
        for target in ["http://example.com/a?b=1", "https://x/", "*", "example.com:443", "", "a/b", "http://", "HTTP://h/p"] {
            expectSame(head(.GET, target))
            expectSame(head(.OPTIONS, target))
        }
        #expect(try HTTP1ServerCodec.request(head(.GET, "http://example.com/a?b=1"), secure: false).path == "/a?b=1")
        #expect(try HTTP1ServerCodec.request(head(.CONNECT, "example.com:443"), secure: false).authority == "a.localhost:8080")
    }

    @Test func headersKeepTheirNamesOrderAndDuplicates() throws {
        let fields: [(String, String)] = [
            ("host", "First.Example"), ("HOST", "second.example"), ("Content-Length", "5"), ("content-length", "7"), ("X-Mixed-CASE", "v"),
            ("Cookie", "a=1; b=2"), ("cookie", "c=3"),
        ]
        let request = try HTTP1ServerCodec.request(head(.POST, "/p", fields), secure: false)
        #expect(request.authority == "First.Example")
        #expect(request.headerFields[values: .contentLength] == ["5", "7"])
        #expect(request.headerFields[values: HTTPField.Name("x-mixed-case")!] == ["v"])
        #expect(request.headerFields[values: HTTPField.Name("Host")!] == ["second.example"])
        #expect(request.headerFields.map(\.name.rawName) == ["HOST", "Content-Length", "content-length", "X-Mixed-CASE", "Cookie", "cookie"])
        expectSame(head(.POST, "/p", fields))
        expectSame(head(.GET, "/p", []))
    }

    @Test func aMethodHTTPTypesRefusesIsAnErrorAsWithNIO() {
        let bad = head(.RAW(value: "BAD METHOD"), "/p")
        #expect(throws: (any Error).self) { try HTTP1ServerCodec.request(bad, secure: false) }
        #expect(throws: (any Error).self) { try HTTPRequest(bad, secure: false, splitCookie: false) }
    }

    @Test func aPipelineServesRequestsAndAnswersInOrder() throws {
        let channel = EmbeddedChannel()
        try HearthHTTP1Channel.addHTTP1Handlers(to: channel.pipeline.syncOperations, secure: true, timeouts: nil)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(
            ByteBuffer(string: "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi")
        )
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        guard parts.count == 5, case .head(let first) = parts[0], case .end = parts[1], case .head(let second) = parts[2],
            case .body(let body) = parts[3], case .end = parts[4]
        else {
            Issue.record("unexpected parts: \(parts)")
            return
        }
        #expect(first.path == "/a?x=1" && first.scheme == "https" && first.authority == "h" && first.method == .get)
        #expect(second.path == "/b" && second.method == .post && String(buffer: body) == "hi")

        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "2"])))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "ok")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        var written = ""
        while let bytes = try channel.readOutbound(as: ByteBuffer.self) { written += String(buffer: bytes) }
        #expect(written.hasPrefix("HTTP/1.1 200 OK\r\n") && written.hasSuffix("\r\n\r\nok"))
        _ = try channel.finish()
    }

    /// What one pipeline made of a client's bytes and of one answer written back.
    struct Outcome: Equatable {
        var parts: [HTTPRequestPart] = []
        var error: String?
        var written = ""
    }

    /// `bytes` through Hearth's HTTP/1.1 handlers (``HearthHTTP1Channel/addHTTP1Handlers(to:secure:timeouts:)``,
    /// with the timeouts the codec reports to) or through NIO's decoder and encoder as
    /// `configureHTTPServerPipeline` sets them up (with the same limits) and NIOHTTPTypesHTTP1's
    /// codec, then a chunked answer with duplicate, mixed-case fields and trailers written back.
    func outcome(_ bytes: [UInt8], hearth: Bool) throws -> Outcome {
        let channel = EmbeddedChannel()
        let sync = channel.pipeline.syncOperations
        if hearth {
            let timeouts = ConnectionTimeoutHandler(headTimeout: .seconds(5), idleTimeout: .seconds(20), logger: Logger(label: "test"))
            try sync.addHandler(timeouts)
            try HearthHTTP1Channel.addHTTP1Handlers(to: sync, secure: false, timeouts: timeouts)
        } else {
            try Self.addNIOHandlers(to: sync)
        }
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var result = Outcome()
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            result.error = String(describing: error)
        }
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { result.parts.append(part) }
        let fields: HTTPFields = [HTTPField.Name("X-Custom")!: "1", HTTPField.Name("x-custom")!: "2", .contentType: "text/plain"]
        _ = try? channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: fields)))
        _ = try? channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "ok")))
        _ = try? channel.writeOutbound(HTTPResponsePart.end([HTTPField.Name("X-Trailer")!: "t"]))
        while let written = try channel.readOutbound(as: ByteBuffer.self) { result.written += String(buffer: written) }
        _ = try? channel.finish()
        return result
    }

    /// What Hearth's pipeline had before it wrote answers itself: NIO's HTTP/1.1 server handlers as
    /// `configureHTTPServerPipeline` set them up for it, and NIOHTTPTypesHTTP1's codec.
    static func addNIOHandlers(to sync: ChannelPipeline.SynchronousOperations) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 80 * 1024
        limits.maxHeaderListSize = 80 * 1024
        limits.maxHeaderFieldCount = 1000
        try sync.configureHTTPServerPipeline(
            withPipeliningAssistance: false,
            withErrorHandling: false,
            withOutboundHeaderValidation: false,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: limits
        )
        try sync.addHandler(HTTP1ToHTTPServerCodec(secure: false))
    }

    @Test func hostileRequestsGetWhatNIOsCodecGivesThemThroughThePipeline() throws {
        let big = String(repeating: "a", count: 90_000)
        let requests: [String] = [
            "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi",
            "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi!",
            "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Trailer: t\r\nx-trailer: u\r\n\r\n",
            "GET /x?y=1 HTTP/1.1\r\nhOsT: a\r\nX-A: 1\r\nx-a: 2\r\nX-a: 3\r\nHOST: b\r\nCookie: c=1; d=2\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-\u{E9}t\u{E9}: v\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-V: caf\u{E9} \u{20AC}\r\n\r\n",
            "GET /\u{E9}t\u{E9} HTTP/1.1\r\nHost: \u{E9}.example\r\n\r\n",
            "GET /\(big) HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(big)\r\n\r\n",
            "GET http://h.example/p?q=1 HTTP/1.1\r\nHost: a\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /p HTTP/1.1\r\n\r\n",
            "GET /p HTTP/1.0\r\n\r\n",
            "HEAD /p HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\r\n: v\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
        ]
        var raw = requests.map { Array($0.utf8) }
        // A Latin-1 byte (not UTF-8) in a header value and in a name.
        raw.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-V: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8))
        raw.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-".utf8) + [0xE9] + Array(": v\r\n\r\n".utf8))
        for bytes in raw {
            let hearth = try outcome(bytes, hearth: true)
            let nio = try outcome(bytes, hearth: false)
            #expect(hearth == nio, "\(String(decoding: bytes.prefix(80), as: UTF8.self))")
            #expect(!hearth.written.isEmpty)
        }
    }
}
