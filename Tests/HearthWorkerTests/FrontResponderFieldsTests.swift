import HTTPTypes
import NIOCore
import Testing

@testable import HearthWorker

/// ``FrontResponder/responseFields(_:contentLength:date:server:close:)`` in one pass gives exactly
/// what the fast path's answer had before: the message's fields, then each of its own set with
/// HTTPFields' setter.
@Suite struct FrontResponderFieldsTests {
    /// The answer's fields as they were built: one setter call per field the fast path adds.
    func bySetters(_ message: HTTPMessage, contentLength: Int?, date: String, server: String, close: Bool) -> HTTPFields {
        var fields = FrontResponder.responseFields(message)
        if let contentLength { fields[.contentLength] = String(contentLength) }
        fields[.date] = date
        fields[.server] = server
        if close { fields[.connection] = "close" }
        return fields
    }

    @Test func oneFieldsPassGivesWhatTheSettersGaveInTheSameOrder() {
        let replies: [[(name: String, value: String)]] = [
            [],
            [("Content-Type", "text/plain"), ("Content-Length", "5")],
            [("date", "Mon, 01 Jan 2001 00:00:00 GMT"), ("X-A", "1"), ("DATE", "second"), ("Server", "handler"), ("x-a", "2")],
            [("SERVER", "h1"), ("server", "h2"), ("Date", "d"), ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")],
            [("bad name", "v"), ("X-\u{E9}", "v"), ("", "v"), ("X-Ok", "caf\u{E9}"), ("Keep-Alive", "timeout=5"), ("Set-Cookie", "a=1")],
            [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Content-Length", "1"), ("content-length", "2"), ("Date", "d")],
        ]
        for headers in replies {
            for (contentLength, close) in [(Optional(12), false), (nil, true), (0, true)] {
                let message = HTTPMessage(status: 200, headers: headers, body: ByteBuffer(string: "hello world!"))
                let expected = bySetters(message, contentLength: contentLength, date: "Tue, 02 Jan 2001 00:00:00 GMT", server: "Hearth", close: close)
                let fields = FrontResponder.responseFields(
                    message,
                    contentLength: contentLength,
                    date: "Tue, 02 Jan 2001 00:00:00 GMT",
                    server: "Hearth",
                    close: close
                )
                // Same fields in the same order (HTTPFields' == allows different names to interleave).
                #expect(fields.map { "\($0.name.rawName): \($0.value)" } == expected.map { "\($0.name.rawName): \($0.value)" }, "\(headers)")
            }
        }
    }

    @Test func theGeneralPathsFieldsAreTheMessagesWithoutHopByHopOnes() {
        let message = HTTPMessage(headers: [("Date", "d"), ("Server", "s"), ("Connection", "close"), ("Content-Length", "3"), ("X-A", "1")])
        #expect(FrontResponder.responseFields(message).map(\.name.rawName) == ["Date", "Server", "X-A"])
    }
}
