import HTTPTypes
import HearthListeners
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
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(HTTP1ServerCodec(secure: true))
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
}
