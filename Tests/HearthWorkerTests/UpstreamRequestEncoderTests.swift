import Foundation
import HearthCore
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import HearthWorker

/// The handler's request as Hearth writes it (``UpstreamRequestEncoder``) against what the old
/// path wrote: an `HTTPRequestHead` built as `startHTTP` / `payloadRequest` built it, through
/// NIO's header validator and `HTTPRequestEncoder` (framing left to the caller) as the upstream
/// pipeline had them. The same bytes for every request NIO sent; a refusal for every one it refused.
@Suite struct UpstreamRequestEncoderTests {
    /// What NIO's pipeline wrote for `head` and `body`, or nil when its validator refused them.
    func nioBytes(_ head: HTTPRequestHead, body: ByteBuffer) throws -> [UInt8]? {
        var configuration = HTTPRequestEncoder.Configuration()
        configuration.automaticallySetFramingHeaders = false
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([HTTPRequestEncoder(configuration: configuration), NIOHTTPRequestHeadersValidator()])
        do {
            try channel.writeOutbound(HTTPClientRequestPart.head(head))
            if body.readableBytes > 0 { try channel.writeOutbound(HTTPClientRequestPart.body(.byteBuffer(body))) }
            try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        } catch {
            _ = try? channel.finish()
            return nil
        }
        var bytes: [UInt8] = []
        while let part = try channel.readOutbound(as: ByteBuffer.self) { bytes += part.readableBytesView }
        _ = try channel.finish()
        return bytes
    }

    /// The forwarded request's head as `startHTTP` built it before issue #16's change.
    func oldForwardedHead(_ request: CustomHandlerPayload.Request, target: String, traceParent: String?, hostHeader: String) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target)
        for header in request.headers where !CustomHandlerHost.isHopByHop(header.name) {
            if traceParent != nil, TraceHeader.isTraceParent(header.name) { continue }
            head.headers.add(name: header.name, value: header.value)
        }
        if let traceParent { head.headers.add(name: TraceHeader.traceParent, value: traceParent) }
        if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: hostHeader) }
        head.headers.add(name: "Content-Length", value: String(request.body.readableBytes))
        return head
    }

    struct Case {
        var name: String
        var method = "GET"
        var target = "/api/hello"
        var headers: [(name: String, value: String)] = [("Accept", "*/*")]
        var traceParent: String? = nil
        var body = ByteBuffer()
    }

    static let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    static let large = ByteBuffer(bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })

    /// Ordinary requests: NIO sent them, and the bytes must be the same.
    static let ordinary: [Case] = [
        Case(name: "GET"),
        Case(name: "POST with a body", method: "POST", headers: [("Content-Type", "application/json")], body: ByteBuffer(string: #"{"a":1}"#)),
        Case(name: "PUT", method: "PUT", body: ByteBuffer(string: "x")),
        Case(name: "DELETE", method: "DELETE"),
        Case(name: "PATCH", method: "PATCH", body: ByteBuffer(string: "patch")),
        Case(name: "OPTIONS", method: "OPTIONS", target: "*"),
        Case(name: "HEAD", method: "HEAD"),
        Case(name: "extension method", method: "PROPFIND-X"),
        Case(name: "M-SEARCH", method: "M-SEARCH"),
        Case(name: "query and percent-encoding", target: "/api/items/a%20b?q=caf%C3%A9&x=1&y=&z=%2F#frag"),
        Case(name: "sub-delims in the target", target: "/api/x;p=1/(a),b*c+d!$'@:~_.-?k=[v]"),
        Case(name: "no fields", headers: []),
        Case(
            name: "duplicate and mixed-case fields",
            headers: [("X-Dup", "1"), ("x-dup", "2"), ("X-DUP", "3"), ("aCcEpT", "text/html"), ("Cookie", "a=1"), ("cookie", "b=2")]
        ),
        Case(
            name: "hop-by-hop fields dropped",
            headers: [
                ("Connection", "keep-alive, X-Foo"), ("Keep-Alive", "timeout=5"), ("Proxy-Connection", "x"), ("Transfer-Encoding", "chunked"),
                ("TE", "trailers"), ("Trailer", "X"), ("Upgrade", "websocket"), ("Proxy-Authorization", "Basic x"),
                ("Proxy-Authenticate", "Basic"), ("Content-Length", "999"), ("X-Kept", "yes"),
            ]
        ),
        Case(name: "an existing Host", headers: [("host", "app.example.com:8443"), ("X-A", "b")]),
        Case(name: "an existing Host in capitals", headers: [("HOST", "a.localhost")]),
        Case(name: "traceparent replaced", headers: [("TraceParent", "00-bad-bad-00"), ("X-A", "b")], traceParent: trace),
        Case(name: "traceparent kept without one of the invocation", headers: [("traceparent", "00-client-01")]),
        Case(name: "empty body", method: "POST", body: ByteBuffer()),
        Case(name: "large body", method: "POST", headers: [("Content-Type", "application/octet-stream")], body: large),
        Case(name: "non-ASCII values (obs-text)", headers: [("X-Name", "café ☕ 名前"), ("X-Tab", "a\tb"), ("X-Empty", "")]),
        Case(name: "token punctuation in names", headers: [("X!#$%&'*+-.^_`|~9", "v")]),
        Case(name: "lower-case method", method: "get"),
    ]

    /// Requests NIO's validator refused: nothing of them may go on the wire.
    static let hostile: [Case] = [
        Case(name: "CRLF in a value", headers: [("X-A", "a\r\nX-Smuggled: 1")]),
        Case(name: "LF in a value", headers: [("X-A", "a\nb")]),
        Case(name: "CR in a value", headers: [("X-A", "a\rb")]),
        Case(name: "NUL in a value", headers: [("X-A", "a\u{0}b")]),
        Case(name: "another control in a value", headers: [("X-A", "a\u{1}b")]),
        Case(name: "DEL in a value", headers: [("X-A", "a\u{7F}b")]),
        Case(name: "space in a name", headers: [("X A", "b")]),
        Case(name: "colon in a name", headers: [("X:A", "b")]),
        Case(name: "CRLF in a name", headers: [("X\r\nA", "b")]),
        Case(name: "CRLF in the traceparent", traceParent: "00-a\r\nX-B: c"),
        Case(name: "space in the target", target: "/a b"),
        Case(name: "CRLF in the target", target: "/a\r\nX-B: c"),
        Case(name: "brace in the target", target: "/a?x={y}"),
        Case(name: "non-ASCII target", target: "/café"),
        Case(name: "space in the method", method: "GE T"),
        Case(name: "CRLF in the method", method: "GET\r\n"),
    ]

    func forwarded(_ c: Case) throws -> (new: [UInt8]?, old: [UInt8]?) {
        let request = CustomHandlerPayload.Request(url: c.target, method: c.method, query: [], headers: c.headers, body: c.body)
        let host = "127.0.0.1:7071"
        let new = try? CustomHandlerHost.forwardedRequest(request, target: c.target, traceParent: c.traceParent, hostHeader: host)
        let old = try nioBytes(oldForwardedHead(request, target: c.target, traceParent: c.traceParent, hostHeader: host), body: c.body)
        return (new.map { Array($0.readableBytesView) }, old)
    }

    @Test func ordinaryForwardedRequestsAreTheBytesNIOWrote() throws {
        for c in Self.ordinary {
            let (new, old) = try forwarded(c)
            #expect(old != nil, "NIO sent \(c.name)")
            #expect(new == old, "\(c.name): \(new.map { String(decoding: $0.prefix(400), as: UTF8.self) } ?? "refused")")
        }
    }

    @Test func hostileForwardedRequestsAreRefusedAsNIORefusedThem() throws {
        for c in Self.hostile {
            let (new, old) = try forwarded(c)
            #expect(old == nil, "NIO refused \(c.name)")
            #expect(new == nil, "\(c.name) refused")
        }
        // A non-ASCII name stopped the old path sooner (HTTPHeaders' precondition); it is refused too.
        for headers in [[("X-A", "a\r\nb")], [("Xé", "b")]] {
            let request = CustomHandlerPayload.Request(url: "/", method: "GET", query: [], headers: headers, body: ByteBuffer())
            #expect(throws: HTTPParserError.invalidHeaderToken) {
                try CustomHandlerHost.forwardedRequest(request, target: "/", traceParent: nil, hostHeader: "127.0.0.1:1")
            }
        }
    }

    /// The exact bytes of one forwarded request, spelled out.
    @Test func aForwardedRequestSpelledOut() throws {
        let request = CustomHandlerPayload.Request(
            url: "http://a.localhost/ignored",
            method: "POST",
            query: [],
            headers: [("Content-Type", "text/plain"), ("Connection", "close"), ("traceparent", "old")],
            body: ByteBuffer(string: "hi")
        )
        let bytes = try CustomHandlerHost.forwardedRequest(request, target: "/api/echo?x=1", traceParent: "new", hostHeader: "127.0.0.1:9")
        #expect(
            String(buffer: bytes)
                == "POST /api/echo?x=1 HTTP/1.1\r\nContent-Type: text/plain\r\ntraceparent: new\r\nHost: 127.0.0.1:9\r\nContent-Length: 2\r\n\r\nhi"
        )
    }

    @Test func payloadRequestsAreTheBytesNIOWrote() throws {
        let id = UUID(uuidString: "0190F5A2-0000-7000-8000-0123456789AB")!
        let payload: JSONValue = .object([("Data", .object([("req", .string("café \"x\""))])), ("Metadata", .object([]))])
        for traceParent in [nil, Self.trace] {
            let new = try CustomHandlerHost.payloadRequest(
                function: "HttpTrigger",
                body: payload.serializedBytes(),
                invocationID: id,
                traceParent: traceParent,
                hostHeader: "127.0.0.1:7071"
            )
            // The head as payloadRequest built it before issue #16's change.
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/HttpTrigger")
            let body = ByteBuffer(bytes: payload.serializedBytes())
            head.headers.add(name: "Host", value: "127.0.0.1:7071")
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
            head.headers.add(name: "X-Azure-Functions-InvocationId", value: id.lowercasedText)
            head.headers.add(name: "X-Azure-Functions-HostVersion", value: HearthVersion.compatibleHostVersion)
            head.headers.add(name: "User-Agent", value: CustomHandlerHost.userAgent)
            if let traceParent { head.headers.add(name: TraceHeader.traceParent, value: traceParent) }
            #expect(Array(new.readableBytesView) == (try nioBytes(head, body: body)))
        }
    }

    /// A head given as NIO's type (the fleet's forwarding, the readiness probe) is written as NIO wrote it.
    @Test func anHTTPRequestHeadIsWrittenAsNIOWroteIt() throws {
        let head = HTTPRequestHead(
            version: .http1_1,
            method: .PUT,
            uri: "/api/x?y=1",
            headers: ["Host": "10.0.0.2:8080", "X-Forwarded-For": "1.2.3.4", "Content-Length": "3"]
        )
        let body = ByteBuffer(string: "abc")
        #expect(Array(try UpstreamRequestEncoder.encode(head, body: body).readableBytesView) == (try nioBytes(head, body: body)))
        let probe = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: ["Host": "127.0.0.1:1"])
        #expect(Array(try UpstreamRequestEncoder.encode(probe, body: nil).readableBytesView) == (try nioBytes(probe, body: ByteBuffer())))
    }

    /// The response decoder learns each request's method from its bytes: HEAD's and CONNECT's
    /// answers have no body.
    @Test func theDecoderReadsTheMethodFromTheRequestsStart() {
        #expect(UpstreamResponseDecoder.method(of: ByteBuffer(string: "HEAD / HTTP/1.1\r\n\r\n")).method == .HEAD)
        #expect(UpstreamResponseDecoder.method(of: ByteBuffer(string: "CONNECT a:1 HTTP/1.1\r\n\r\n")).method == .CONNECT)
        #expect(UpstreamResponseDecoder.method(of: ByteBuffer(string: "HEADER / HTTP/1.1\r\n\r\n")).method == .GET)
        #expect(UpstreamResponseDecoder.method(of: ByteBuffer(string: "head / HTTP/1.1\r\n\r\n")).method == .GET)
        #expect(UpstreamResponseDecoder.method(of: ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n")).method == .GET)
    }
}
