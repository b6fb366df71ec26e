/// Writes compact JSON text straight into a byte array, member by member, with no ``JSONValue``
/// tree in between: for a document made on every request (the custom-handler JSON payload), where
/// building the tree, writing it out and freeing it again cost ~28 k instructions a request
/// (bench/README.md, "Invocation log write, fifth round, and the JSON payload").
///
/// The text is exactly what ``JSONValue/serializedBytes(pretty:)`` writes compactly for the same
/// document (one escaping rule, ``JSONWriter/writeString(_:to:)``, serves both). The caller keeps
/// the structure right: a key only directly inside an object and before each of its values, every
/// begun object and array ended.
///
/// ```swift
/// var json = JSONWriter()
/// json.beginObject()
/// json.key("name"); json.string("hearth")
/// json.key("tags"); json.beginArray(); json.string("a"); json.endArray()
/// json.endObject()
/// json.bytes  // {"name":"hearth","tags":["a"]}
/// ```
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8]
    /// Whether the next key or value follows a sibling (and so needs a comma first).
    private var afterSibling = false

    /// - Parameter capacity: Bytes to reserve (the expected size: no regrowing while writing).
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        afterSibling = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        afterSibling = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        afterSibling = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        afterSibling = true
    }

    /// A member's name; its value is written next.
    public mutating func key(_ name: String) {
        separate()
        Self.writeString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterSibling = false
    }

    public mutating func string(_ text: String) {
        separate()
        Self.writeString(text, to: &bytes)
        afterSibling = true
    }

    private mutating func separate() {
        if afterSibling { bytes.append(UInt8(ascii: ",")) }
    }

    /// Writes `s` quoted and escaped: `"`, `\` and control characters (`\n`, `\t`, … or `\u001f`);
    /// non-ASCII text stays UTF-8 and `/` is not escaped. Runs of bytes that need no escape are
    /// copied whole, and found eight bytes at a time: appending scalar by scalar was most of the
    /// instructions a JSON-payload request spent in Hearth (bench/README.md, "Warm path profile"),
    /// and looking at each byte alone still cost ~10 instructions a byte. Every byte that needs an
    /// escape is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte scalar, so every run
    /// starts and ends on a scalar boundary.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        out.append(UInt8(ascii: "\""))
        s.withUTF8 { writeEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether one of the eight bytes of `word` may need an escape (below 0x20, `"` or `\`). Never
    /// false when one does (SWAR: a byte below n, or equal to one, sets its top bit in the borrow
    /// of the subtraction); a true answer is checked byte by byte.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & tops
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        return (control | ((quote &- ones) & ~quote & tops) | ((backslash &- ones) & ~backslash & tops)) != 0
    }

    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        var run = 0
        var i = 0
        while i < bytes.count {
            if bytes.count - i >= 8, !mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                // \u00XX, lowercase hex: every other control character is below 0x20.
                func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10 }
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
            i += 1
            run = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
    }
}
