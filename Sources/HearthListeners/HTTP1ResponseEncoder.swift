public import HTTPTypes
import HearthCore
public import NIOCore
public import NIOHTTP1

/// An answer's parts (HTTPTypes head, body parts, end) as HTTP/1.1 bytes: what NIO's
/// `HTTPResponseEncoder` writes for `HTTPResponseHead(response)` as `configureHTTPServerPipeline`
/// sets it up (default configuration, framing headers set automatically, fed each request's method
/// by the request decoder), byte for byte, without building NIOHTTP1's `HTTPHeaders` on the way.
///
/// - Status line: `HTTP/1.1`, the code, and NIO's reason phrase for a code NIO knows (the answer's
///   own phrase otherwise, possibly empty): `HTTPResponseHead(response)` always says HTTP/1.1, even
///   to an HTTP/1.0 request, and so did Hearth before.
/// - Fields in the order and case given, `name: value` (the value as `HTTPField.value` gives it).
/// - Framing: an answer to a CONNECT request, or whose status has no body (1xx, 204, 304), loses
///   every Content-Length and Transfer-Encoding field; one with a Content-Length loses its
///   Transfer-Encoding fields and goes as it is; any other loses its Transfer-Encoding fields and
///   ends with `transfer-encoding: chunked`, its body parts then written as chunks (an empty part as
///   nothing) and its end as `0` and the trailers.
/// - An answer to a HEAD or CONNECT request keeps those headers but has no body: a body part is
///   refused (``BodyWrite/refused``, NIO fails its write with `responseBodyNotAllowed`) and the end
///   is nothing. A 1xx head other than 101 does not answer a request: the next head does.
///
/// A value: the codec keeps one per connection, and tests run it without a channel.
public struct HTTP1ResponseEncoder {
    /// What becomes of a body part.
    public enum BodyWrite: Equatable, Sendable {
        /// Written as it is (Content-Length framing, no framing, or an empty part).
        case asIs
        /// Written as one chunk: ``chunkHeader(length:allocator:)``'s bytes, the part, then `\r\n`.
        case chunk
        /// Not written: the answer is to a HEAD or CONNECT request.
        case refused
    }

    /// The methods of requests read and not yet answered that matter to framing, oldest first.
    private struct PendingRequests {
        enum Kind { case head, connect, other }
        /// The oldest; most connections never have two requests pending.
        private var first: Kind?
        private var more: CircularBuffer<Kind>?

        mutating func append(_ kind: Kind) {
            guard first != nil else {
                first = kind
                return
            }
            if more == nil { more = CircularBuffer(initialCapacity: 4) }
            more!.append(kind)
        }

        mutating func popFirst() -> Kind? {
            guard let kind = first else { return nil }
            first = more?.popFirst()
            return kind
        }
    }

    private var pending = PendingRequests()
    private var isChunked = false
    private var suppressBody = false

    public init() {}

    /// Records a request read from the connection, in order: the answer to a HEAD or CONNECT request
    /// has no body.
    public mutating func requestRead(method: HTTPMethod) {
        switch method {
        case .HEAD: pending.append(.head)
        case .CONNECT: pending.append(.connect)
        default: pending.append(.other)
        }
    }

    /// Takes the request an answer with status `code` answers off the queue (a 1xx head other than
    /// 101 answers none) and says whether the answer may have a body.
    private mutating func begin(code: Int) -> Bool {
        var respondingToConnect = false
        if !((100..<200).contains(code) && code != 101), let kind = pending.popFirst() {
            suppressBody = kind != .other
            respondingToConnect = kind == .connect
        }
        return !respondingToConnect && !((100..<200).contains(code) || code == 204 || code == 304)
    }

    /// The bytes of `response`'s head (status line, fields, blank line), its framing decided.
    public mutating func head(_ response: HTTPResponse, allocator: ByteBufferAllocator) -> ByteBuffer {
        let code = response.status.code
        let mayHaveBody = begin(code: code)
        var hasContentLength = false
        if mayHaveBody {
            for field in response.headerFields where field.name == .contentLength {
                hasContentLength = true
                break
            }
        }
        let chunked = mayHaveBody && !hasContentLength
        isChunked = suppressBody ? false : chunked

        // One pass that measures, one that copies: a few dozen small ByteBuffer writes cost more
        // than the bytes they move (bench/README.md, "Answers written by Hearth").
        let phrase = Self.reasonPhrase(response.status)
        let dropsContentLength = !mayHaveBody
        var size = Self.statusLinePrefix.count + Self.decimalDigits(code) + 1 + phrase.utf8.count + 2 + 2
        for field in response.headerFields {
            if field.name == .transferEncoding || (dropsContentLength && field.name == .contentLength) { continue }
            size += field.name.rawName.utf8.count + 2 + field.value.utf8.count + 2
        }
        if chunked { size += Self.chunkedField.count }
        var buffer = allocator.buffer(capacity: size)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { memory in
            var out = Bytes(memory)
            out.putStatusLine(code, phrase)
            for field in response.headerFields {
                if field.name == .transferEncoding || (dropsContentLength && field.name == .contentLength) { continue }
                out.put(field.name.rawName)
                out.put(Self.nameEnd)
                out.put(field.value)
                out.put(Self.lineEnd)
            }
            if chunked { out.put(Self.chunkedField) }
            out.put(Self.lineEnd)
            precondition(out.count == size, "HTTP1ResponseEncoder: head measured \(size) bytes, wrote \(out.count)")
            return out.count
        }
        return buffer
    }

    /// The bytes of `answer`'s head: exactly what ``head(_:allocator:)-(HTTPResponse,_)`` writes
    /// for `HTTPResponse(status: .init(code: answer.status), headerFields: answer.headerFields)`,
    /// framing included, in one pass from the reply's fields to the bytes, with no `HTTPFields` or
    /// `HTTPResponse` made on the way (they cost 12 k instructions of a forwarded warm request;
    /// bench/README.md, "Answer head from the handler's reply"). Each field ``HTTP1AnswerHead``
    /// gives is written as `HTTPField(name:value:)` would keep it; the buffer is sized for the
    /// fields as given (an upper bound: a dropped field or a value made valid only gets shorter).
    public mutating func head(_ answer: HTTP1AnswerHead, allocator: ByteBufferAllocator) -> ByteBuffer {
        let code = answer.status
        let mayHaveBody = begin(code: code)
        let dropsContentLength = !mayHaveBody
        let phrase = Self.reasonPhrase(HTTPResponse.Status(code: code))
        // Status line, chunked field, blank line; each field's line (name, ": ", value, "\r\n").
        var bound: Int = Self.statusLinePrefix.count + Self.decimalDigits(code) + 1 + phrase.utf8.count + 2
        bound += Self.chunkedField.count + 2
        for field in answer.fields { bound += field.name.utf8.count + field.value.utf8.count + 4 }
        // Each set field is written once: in place of the reply's own or after its fields.
        if answer.contentLength != nil { bound += Self.contentLengthLineBound }
        if let date = answer.date { bound += date.utf8.count + 8 }  // "Date: " and the line end
        if let server = answer.server { bound += server.utf8.count + 10 }  // "Server: " and the line end
        if answer.close { bound += Self.connectionCloseLineBound }
        var hasContentLength = false
        var buffer = allocator.buffer(capacity: bound)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { memory in
            var out = Bytes(memory)
            out.putStatusLine(code, phrase)
            answer.forEachField { name, value in
                if name.equalsIgnoringASCIICase("transfer-encoding") { return }
                if name.equalsIgnoringASCIICase("content-length") {
                    if dropsContentLength { return }
                    hasContentLength = true
                }
                out.put(name)
                out.put(Self.nameEnd)
                out.putFieldValue(value)
                out.put(Self.lineEnd)
            }
            if mayHaveBody && !hasContentLength { out.put(Self.chunkedField) }
            out.put(Self.lineEnd)
            return out.count
        }
        let chunked = mayHaveBody && !hasContentLength
        isChunked = suppressBody ? false : chunked
        return buffer
    }

    /// `Content-Length: ` and the longest `Int`, and the line end.
    private static let contentLengthLineBound = 16 + 20 + 2
    /// `Connection: close` and the line end.
    private static let connectionCloseLineBound = 17 + 2

    private static let statusLinePrefix: [UInt8] = Array("HTTP/1.1 ".utf8)
    private static let lineEnd: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
    private static let nameEnd: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]
    private static let chunkedField: [UInt8] = Array("transfer-encoding: chunked\r\n".utf8)

    /// How many decimal digits `value` (0...999 for an HTTPTypes status, any non-negative `Int`) has.
    private static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    /// Bytes copied into memory measured beforehand; the head's writer.
    private struct Bytes {
        private let memory: UnsafeMutableRawBufferPointer
        private(set) var count = 0

        init(_ memory: UnsafeMutableRawBufferPointer) { self.memory = memory }

        mutating func put(_ byte: UInt8) {
            precondition(count < memory.count)
            memory[count] = byte
            count += 1
        }

        mutating func put(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { put($0) }
        }

        mutating func put(_ string: String) {
            var string = string
            string.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        }

        mutating func put(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            precondition(count + bytes.count <= memory.count)
            (memory.baseAddress! + count).copyMemory(from: base, byteCount: bytes.count)
            count += bytes.count
        }

        /// A field value as `HTTPField(name:value:)` keeps it (HTTPTypes' `HTTPField.Value(legalize:)`):
        /// a valid one (RFC 9110: visible bytes, spaces and tabs, none of them first or last) as
        /// it is; any other without its leading and trailing bytes that are not visible, and with
        /// each other control byte (CR, LF, NUL, DEL, …) but a tab turned into a space. Bytes of
        /// 0x80 and above are visible, so UTF-8 stays as it is.
        /// https://www.rfc-editor.org/rfc/rfc9110.html#name-field-values
        mutating func putFieldValue(_ value: String) {
            var value = value
            value.withUTF8 { bytes in
                guard !Self.isValidFieldValue(bytes) else { return put(UnsafeRawBufferPointer(bytes)) }
                precondition(count + bytes.count <= memory.count)
                let start = count
                var end = count  // after the last visible byte
                for byte in bytes {
                    switch byte {
                    case 0x21...0x7E, 0x80...0xFF:
                        memory[count] = byte
                        count += 1
                        end = count
                    case 0x09, 0x20:
                        if count > start {
                            memory[count] = byte
                            count += 1
                        }
                    default:
                        if count > start {
                            memory[count] = 0x20
                            count += 1
                        }
                    }
                }
                count = end
            }
        }

        /// Whether `bytes` is a valid field value as HTTPTypes' `HTTPField.Value.isLegal` says.
        static func isValidFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x09 || first == 0x20 || last == 0x09 || last == 0x20 { return false }
            return isHTTPFieldValueText(bytes)
        }

        /// `HTTP/1.1 <code> <phrase>` and the line end.
        mutating func putStatusLine(_ code: Int, _ phrase: String) {
            put(HTTP1ResponseEncoder.statusLinePrefix)
            putDecimal(code)
            put(UInt8(ascii: " "))
            put(phrase)
            put(HTTP1ResponseEncoder.lineEnd)
        }

        mutating func putDecimal(_ value: Int) {
            let digits = HTTP1ResponseEncoder.decimalDigits(value)
            precondition(count + digits <= memory.count)
            var rest = value
            for index in stride(from: count + digits - 1, through: count, by: -1) {
                memory[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += digits
        }
    }

    /// What becomes of a body part of `length` bytes.
    public func body(length: Int) -> BodyWrite {
        if suppressBody { return .refused }
        return isChunked && length > 0 ? .chunk : .asIs
    }

    /// A chunk's size line followed by the `\r\n` that ends the chunk: write the buffer, the part,
    /// then the buffer's last two bytes (as NIO does, one buffer for both).
    public static func chunkHeader(length: Int, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32)
        buffer.writeString(String(length, radix: 16))
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// The bytes that end the answer (the last chunk and the trailers), or `nil` when there are none
    /// (the answer was not chunked; a caller with a promise writes an empty buffer to keep order).
    public mutating func end(_ trailers: HTTPFields?, allocator: ByteBufferAllocator) -> ByteBuffer? {
        suppressBody = false
        guard isChunked else { return nil }
        guard let trailers else {
            var buffer = allocator.buffer(capacity: 8)
            buffer.writeStaticString("0\r\n\r\n")
            return buffer
        }
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeStaticString("0\r\n")
        for field in trailers {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// NIO's phrase for a status code it knows, the answer's own for any other (what
    /// `HTTPResponseStatus(statusCode:reasonPhrase:)` keeps and NIO's encoder writes).
    static func reasonPhrase(_ status: HTTPResponse.Status) -> String {
        switch HTTPResponseStatus(statusCode: status.code, reasonPhrase: status.reasonPhrase) {
        case .custom(_, let phrase): phrase
        case let known: known.reasonPhrase
        }
    }
}
