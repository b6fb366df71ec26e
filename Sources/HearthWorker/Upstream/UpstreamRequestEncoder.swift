import HearthCore
import NIOCore
import NIOHTTP1

/// An HTTP/1.1 request to a handler, written by Hearth as bytes into one buffer: the request line,
/// the fields in the order given, an empty line and the body. It writes exactly what NIO's
/// `HTTPRequestEncoder` (framing left to the caller) writes for the same head, without the
/// `HTTPRequestHead` / `HTTPHeaders` copies and the pipeline's casts in between.
///
/// Nothing that must not go on the wire is written: like NIO's `NIOHTTPRequestHeadersValidator`
/// (which the upstream pipeline had), a method or field name that is not a token, a target with a
/// byte outside RFC 3986's, or a field value with a control character other than HTAB (CR, LF,
/// NUL…) makes ``finish(body:)`` refuse the request with `HTTPParserError.invalidHeaderToken`.
///
/// Every upstream request is framed by its `Content-Length` (never chunked): the caller adds
/// that field (``contentLength(_:)``).
struct UpstreamRequestEncoder {
    private var buffer: ByteBuffer
    /// False once a part that must not go on the wire was given.
    private var valid: Bool

    /// Starts `method target HTTP/1.1`; `capacity` is the expected size of the request line,
    /// fields and body together (one allocation when it is right; the buffer grows otherwise).
    init(method: String, target: String, capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
        valid = Self.isToken(method) && Self.isTarget(target)
        buffer.writeString(method)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(target)
        buffer.writeStaticString(" HTTP/1.1\r\n")
    }

    /// The bytes a request line, these fields and the empty line after them take, for `capacity`.
    static func size(method: String, target: String, fields: Int) -> Int {
        method.utf8.count + target.utf8.count + 14 + fields
    }

    /// The bytes the field `name: value` takes.
    static func size(name: String, value: String) -> Int {
        name.utf8.count + value.utf8.count + 4
    }

    /// Writes the field `name: value`: both checked and copied over their contiguous UTF-8, in one
    /// write (four small ByteBuffer writes and a check per byte through `String.utf8` cost ~2.3 k
    /// instructions a field; bench/README.md, "The handler's request written by Hearth").
    mutating func field(_ name: String, _ value: String) {
        var name = name
        var value = value
        name.withUTF8 { name in
            value.withUTF8 { value in
                if valid { valid = Self.isToken(name) && Self.isFieldValue(value) }
                let size = name.count + value.count + 4
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { memory in
                    let out = memory.baseAddress!
                    if let base = name.baseAddress { out.copyMemory(from: base, byteCount: name.count) }
                    out.storeBytes(of: UInt8(ascii: ":"), toByteOffset: name.count, as: UInt8.self)
                    out.storeBytes(of: UInt8(ascii: " "), toByteOffset: name.count + 1, as: UInt8.self)
                    if let base = value.baseAddress { (out + name.count + 2).copyMemory(from: base, byteCount: value.count) }
                    out.storeBytes(of: UInt8(ascii: "\r"), toByteOffset: size - 2, as: UInt8.self)
                    out.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: size - 1, as: UInt8.self)
                    return size
                }
            }
        }
    }

    /// Writes `Content-Length: length` (its digits written straight, no string made).
    mutating func contentLength(_ length: Int) {
        buffer.writeStaticString("Content-Length: ")
        Self.writeDecimal(length, into: &buffer)
        buffer.writeStaticString("\r\n")
    }

    /// Ends the fields and appends `body`: the whole request. Throws
    /// `HTTPParserError.invalidHeaderToken` (what NIO's validator failed the write with) when a
    /// part must not go on the wire; nothing is sent then.
    mutating func finish(body: ByteBuffer?) throws -> ByteBuffer {
        guard valid else { throw HTTPParserError.invalidHeaderToken }
        buffer.writeStaticString("\r\n")
        if var body, body.readableBytes > 0 { buffer.writeBuffer(&body) }
        return buffer
    }

    /// ``finish(body:)`` with a body of `bytes` (a JSON payload), copied once, into the request.
    mutating func finish(bytes: [UInt8]) throws -> ByteBuffer {
        guard valid else { throw HTTPParserError.invalidHeaderToken }
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(bytes)
        return buffer
    }

    /// `head` and `body` as NIO's encoder wrote them (for callers that build an `HTTPRequestHead`:
    /// the fleet's forwarding, the handler's readiness probe). The head frames its body itself.
    static func encode(_ head: HTTPRequestHead, body: ByteBuffer?) throws -> ByteBuffer {
        assert(
            !head.headers.contains(name: "transfer-encoding")
                && (body.map { $0.readableBytes == 0 } ?? true || head.headers.contains(name: "content-length")),
            "an upstream request is framed by its Content-Length"
        )
        var fields = 0
        for (name, value) in head.headers { fields += size(name: name, value: value) }
        let method = head.method.rawValue
        var encoder = UpstreamRequestEncoder(
            method: method,
            target: head.uri,
            capacity: size(method: method, target: head.uri, fields: fields) + (body?.readableBytes ?? 0)
        )
        for (name, value) in head.headers { encoder.field(name, value) }
        return try encoder.finish(body: body)
    }

    // MARK: what may go on the wire (NIO's NIOHTTPRequestHeadersValidator's rules)

    /// RFC 9110 `token`: a method or a field name. Empty passes, as in NIO.
    static func isToken(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isToken($0) }
    }

    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy(isHTTPTokenByte)
    }

    /// A field value: no control character but HTAB (so no CR, LF or NUL); obs-text passes.
    static func isFieldValue(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isFieldValue($0) }
    }

    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isHTTPFieldValueText(bytes)
    }

    /// A request target of RFC 3986's characters only (unreserved, gen-delims, sub-delims, `%`):
    /// no space, control, non-ASCII, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`.
    static func isTarget(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
                UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
                UInt8(ascii: "%"):
                true
            default:
                false
            }
        }
    }

    /// Writes the decimal digits of `value` (not negative) into `buffer`.
    private static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        precondition(value >= 0, "a length is not negative")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
