import HTTPTypes
import HearthListeners
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import Testing

@testable import HearthWorker

/// The fast path's answer head written straight from the reply's fields
/// (``FrontResponder/answerHead(_:contentLength:date:server:close:)`` through
/// ``HTTP1ResponseEncoder``) is byte for byte what it was when it went through `HTTPFields` and
/// `HTTPResponse`: the fields as ``before(_:contentLength:date:server:close:)`` (the code the fast
/// path had) built them, written by the encoder from an `HTTPResponse` — for ordinary and hostile
/// replies, statuses, requests and bodies.
@Suite struct FrontAnswerHeadBytesTests {
    /// `FrontResponder.responseFields` as it was before the answer head was written from the
    /// reply's fields (the reference: kept here as it was).
    static func before(_ message: HTTPMessage, contentLength: Int?, date: String?, server: String?, close: Bool) -> HTTPFields {
        var headers = HTTPFields()
        var dateSet = false
        var serverSet = false
        for (name, value) in message.headers {
            guard let field = HTTPField.Name(name), !CustomHandlerHost.isHopByHop(name) else { continue }
            if let date, field == .date {
                if !dateSet { headers.append(HTTPField(name: .date, value: date)) }
                dateSet = true
            } else if let server, field == .server {
                if !serverSet { headers.append(HTTPField(name: .server, value: server)) }
                serverSet = true
            } else {
                headers.append(HTTPField(name: field, value: value))
            }
        }
        if let contentLength { headers.append(HTTPField(name: .contentLength, value: String(contentLength))) }
        if let date, !dateSet { headers.append(HTTPField(name: .date, value: date)) }
        if let server, !serverSet { headers.append(HTTPField(name: .server, value: server)) }
        if close { headers.append(HTTPField(name: .connection, value: "close")) }
        return headers
    }

    static let replies: [[(name: String, value: String)]] = [
        [],
        [("Content-Type", "text/plain")],
        [("X-A", "1"), ("x-a", "2"), ("X-MIXED-Case", "v"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
        [
            ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5"), ("Transfer-Encoding", "chunked"), ("Content-Length", "5"),
            ("content-length", "7"), ("Upgrade", "h2c"), ("TE", "trailers"), ("Trailer", "X-T"), ("Proxy-Connection", "x"),
            ("Proxy-Authenticate", "Basic"), ("PROXY-AUTHORIZATION", "secret"), ("TRANSFER-ENCODING", "gzip"), ("X-Kept", "1"),
        ],
        [("Date", "Mon, 01 Jan 2001 00:00:00 GMT"), ("Server", "handler"), ("X-A", "1")],
        [("date", "a"), ("X-A", "1"), ("DATE", "b"), ("SERVER", "s1"), ("X-B", "2"), ("server", "s2")],
        [
            ("", "v"), ("bad name", "v"), ("X-\u{E9}", "v"), ("a:b", "v"), (":status", "200"), ("X\r\nInjected", "v"), ("X(", "v"),
            ("X-Ok!#$%&'*+-.^_`|~", "1"),
        ],
        [
            ("X-CR", "a\rb"), ("X-LF", "a\nb"), ("X-CRLF", "a\r\nInjected: 1"), ("X-NUL", "a\u{0}b"), ("X-Tab", "a\tb"),
            ("X-Lead", " a"), ("X-Trail", "a "), ("X-Both", "\t a  b \t"), ("X-Blank", "   "), ("X-Ctl", "\u{1}\u{7F}"),
            ("X-Del", "a\u{7F}b"), ("X-UTF8", "caf\u{E9} \u{2615}"), ("X-Empty", ""), ("X-LeadCR", "\r\na"), ("X-TrailLF", "a\n"),
            ("X-Inner", "a\u{1}\u{1}b\u{1}"),
        ],
        [("Date", " d\r\n"), ("Server", "\u{0}")],
    ]

    /// One answer written both ways on fresh encoders told of the same request: the head's bytes,
    /// then what becomes of a body part and what ends the answer.
    func written(
        _ message: HTTPMessage,
        method: HTTPMethod,
        server: String,
        close: Bool,
        newPath: Bool
    ) -> (head: [UInt8], body: HTTP1ResponseEncoder.BodyWrite, end: [UInt8]?) {
        let allocator = ByteBufferAllocator()
        let date = "Tue, 02 Jan 2001 00:00:00 GMT"
        // As FrontFastPath.answer sets it.
        let contentLength = message.status >= 200 && message.status != 204 && message.status != 304 ? message.body.readableBytes : nil
        var encoder = HTTP1ResponseEncoder()
        encoder.requestRead(method: method)
        let head: ByteBuffer
        if newPath {
            let answer = FrontResponder.answerHead(message, contentLength: contentLength, date: date, server: server, close: close)
            head = encoder.head(answer, allocator: allocator)
        } else {
            let fields = Self.before(message, contentLength: contentLength, date: date, server: server, close: close)
            head = encoder.head(HTTPResponse(status: .init(code: message.status), headerFields: fields), allocator: allocator)
        }
        let body = encoder.body(length: message.body.readableBytes)
        let end = encoder.end(nil, allocator: allocator)
        return (Array(head.readableBytesView), body, end.map { Array($0.readableBytesView) })
    }

    @Test func theHeadWrittenFromTheReplyIsTheBytesTheHTTPResponseGave() {
        var compared = 0
        for headers in Self.replies {
            for status in [100, 101, 200, 204, 304, 404, 599] {
                for body in ["", "hello"] {
                    for close in [false, true] {
                        for method in [HTTPMethod.GET, .HEAD, .CONNECT] {
                            for server in ["Hearth", " Hearth\t"] {
                                let message = HTTPMessage(status: status, headers: headers, body: ByteBuffer(string: body))
                                let old = written(message, method: method, server: server, close: close, newPath: false)
                                let new = written(message, method: method, server: server, close: close, newPath: true)
                                #expect(
                                    new.head == old.head,
                                    "\(status) \(method) close \(close) body \(body.count) \(headers):\n\(String(decoding: new.head, as: UTF8.self))\nwas\n\(String(decoding: old.head, as: UTF8.self))"
                                )
                                #expect(new.body == old.body && new.end == old.end, "\(status) \(method) \(headers)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(compared == Self.replies.count * 7 * 2 * 2 * 3 * 2)
    }

    /// Every ASCII character, and characters of two to four bytes, at every place of a field value
    /// (so in each byte of the words the encoder checks eight at a time, and in the tail it checks
    /// alone), alone and before a second control character: the head is the bytes the
    /// `HTTPResponse` gave.
    @Test func everyCharacterAtEveryPlaceOfAValue() {
        let characters = (0...127).map { String(UnicodeScalar(UInt8($0))) } + ["\u{E9}", "\u{2615}", "\u{1F600}"]
        var differing: [String] = []
        for character in characters {
            for place in 0..<20 {
                for second in ["", "\u{7F}", "\r"] {
                    let value = String(repeating: "a", count: place) + character + second + String(repeating: "b", count: 19 - place)
                    let message = HTTPMessage(status: 200, headers: [("X-Value", value)])
                    let old = written(message, method: .GET, server: "Hearth", close: false, newPath: false)
                    let new = written(message, method: .GET, server: "Hearth", close: false, newPath: true)
                    if new.head != old.head { differing.append(value.debugDescription) }
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test func theGeneralPathsFieldsFollowTheSameRule() {
        for headers in Self.replies {
            let message = HTTPMessage(status: 200, headers: headers)
            let fields = FrontResponder.responseFields(message, contentLength: 3, date: "d", server: "s", close: true)
            let expected = Self.before(message, contentLength: 3, date: "d", server: "s", close: true)
            #expect(fields.map { "\($0.name.rawName): \($0.value)" } == expected.map { "\($0.name.rawName): \($0.value)" }, "\(headers)")
            #expect(FrontResponder.responseFields(message) == Self.before(message, contentLength: nil, date: nil, server: nil, close: false))
        }
    }

    /// Through the codec on a connection: two pipelined requests, the first answered with
    /// `HTTPResponse` parts (Hummingbird's general path), the second with an ``HTTP1AnswerHead``
    /// event then its body and end (the fast path): the bytes are both answers in order, the
    /// second as the encoder alone writes it, and the second's end is flushed after its body.
    @Test func anAnswerHeadEventIsWrittenInOrderWithTheWritesAroundIt() throws {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try HearthHTTP1Channel.addHTTP1Handlers(to: channel.pipeline.syncOperations, secure: false, timeouts: nil)
        try channel.writeInbound(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"))
        while try channel.readInbound(as: HTTPRequestPart.self) != nil {}

        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "1"])))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "a")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        let message = HTTPMessage(status: 404, headers: [("Content-Type", "text/plain"), ("Connection", "x")], body: ByteBuffer(string: "no"))
        let answer = FrontResponder.answerHead(message, contentLength: 2, date: "d", server: "Hearth")
        let headWritten = channel.eventLoop.makePromise(of: Void.self)
        channel.pipeline.triggerUserOutboundEvent(answer, promise: headWritten)
        try channel.writeOutbound(HTTPResponsePart.body(message.body))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try headWritten.futureResult.wait()

        var bytes = ""
        while let written = try channel.readOutbound(as: ByteBuffer.self) { bytes += String(buffer: written) }
        var encoder = HTTP1ResponseEncoder()
        encoder.requestRead(method: .GET)
        let second = String(buffer: encoder.head(answer, allocator: ByteBufferAllocator()))
        #expect(second == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nDate: d\r\nServer: Hearth\r\n\r\n")
        #expect(bytes == "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na" + second + "no")
    }

    /// Another event passes the codec untouched.
    @Test func otherOutboundEventsGoOn() throws {
        final class Events: ChannelOutboundHandler {
            typealias OutboundIn = Any
            var seen: [String] = []
            func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
                seen.append("\(event)")
                promise?.succeed()
            }
        }
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        let events = Events()
        try channel.pipeline.syncOperations.addHandler(events)
        try HearthHTTP1Channel.addHTTP1Handlers(to: channel.pipeline.syncOperations, secure: false, timeouts: nil)
        struct Other {}
        try channel.pipeline.triggerUserOutboundEvent(Other()).wait()
        #expect(events.seen == ["Other()"])
    }
}
