/// A W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/): the trace an
/// invocation belongs to and the span that caused it.
///
/// Hearth continues a caller's valid `traceparent` (same trace id and flags, the invocation's own
/// span id) and starts a trace otherwise; the result goes to the function and into the invocation
/// log. Only version `00` is written; a later version is read by its first four fields, as the
/// specification asks. The value is kept as its header text (one string, made once), since that
/// is what the warm path passes on.
///
/// ```swift
/// let incoming = TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
/// let mine = TraceParent.continuing(incoming, spanID: span, newTraceID: trace)
/// mine.header  // "00-4bf92f3577b34da6a3ce929d0e0e4736-<span>-01"
/// ```
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// The header's text, version 00: `00-{traceID}-{spanID}-{flags}` (55 characters).
    public let header: String

    /// Flags of a trace Hearth starts: sampled (every invocation is recorded).
    public static let sampledFlags: UInt8 = 1

    /// Characters of a version 00 header: version "-" trace-id "-" parent-id "-" flags.
    static let length = 2 + 1 + 32 + 1 + 16 + 1 + 2

    /// Parses a `traceparent` header; `nil` when it is not a valid one (a bad or `ff` version,
    /// wrong lengths, upper-case or non-hex digits, an all-zero trace or span id, or a version 00
    /// header with more after it).
    public init?(header: String) {
        var text = header
        let valid = text.withUTF8 { bytes -> Bool in
            guard bytes.count >= Self.length, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
                bytes[52] == UInt8(ascii: "-"), Self.isHex(bytes[0..<2]), !(bytes[0] == UInt8(ascii: "f") && bytes[1] == UInt8(ascii: "f"))
            else { return false }
            let isVersion00 = bytes[0] == UInt8(ascii: "0") && bytes[1] == UInt8(ascii: "0")
            // Version 00 is exactly 55 characters; a later version may carry more after a dash.
            if isVersion00 ? bytes.count != Self.length : (bytes.count > Self.length && bytes[Self.length] != UInt8(ascii: "-")) {
                return false
            }
            let trace = bytes[3..<35]
            let span = bytes[36..<52]
            return Self.isHex(trace) && Self.isHex(span) && Self.isHex(bytes[53..<55]) && Self.isNotZero(trace) && Self.isNotZero(span)
        }
        guard valid else { return nil }
        self.header = text.utf8.starts(with: "00-".utf8) ? text : "00" + String(text.utf8.dropFirst(2).prefix(Self.length - 2))!
    }

    /// A `traceparent` from its parts; `nil` when an id is not lowercase hex of its length or all zeros.
    public init?(traceID: String, spanID: String, flags: UInt8) {
        self.init(header: "00-\(traceID)-\(spanID)-\(Self.hex(flags))")
    }

    /// 32 lowercase hex digits, never all zeros.
    public var traceID: String { String(header.utf8.dropFirst(3).prefix(32))! }

    /// 16 lowercase hex digits, never all zeros: the span this one's holder runs in.
    public var spanID: String { String(header.utf8.dropFirst(36).prefix(16))! }

    /// The trace flags (bit 0: sampled).
    public var flags: UInt8 { UInt8(String(header.utf8.suffix(2))!, radix: 16)! }

    /// The trace an invocation runs in: `incoming`'s trace id and flags when there is one, else
    /// a new trace with `newTraceID` (sampled); its span is `spanID` either way.
    /// - Parameters:
    ///   - incoming: The caller's valid `traceparent`, if any.
    ///   - spanID: The invocation's own span: 8 bytes, not all zero (else 1).
    ///   - newTraceID: The trace id when one starts: 16 bytes, not all zero (else 1).
    public static func continuing(_ incoming: TraceParent?, spanID: UInt64, newTraceID: (high: UInt64, low: UInt64)) -> TraceParent {
        let span = spanID == 0 ? 1 : spanID
        let trace = newTraceID == (0, 0) ? (0, 1) : newTraceID
        // One string of 55 bytes, written in place: this runs for every invocation.
        let header = String(unsafeUninitializedCapacity: length) { out in
            out.initialize(repeating: UInt8(ascii: "-"))
            if let incoming {
                var from = incoming.header
                from.withUTF8 { bytes in
                    for index in 0..<35 { out[index] = bytes[index] }  // "00-" and the trace id
                    out[53] = bytes[53]
                    out[54] = bytes[54]
                }
            } else {
                out[0] = UInt8(ascii: "0")
                out[1] = UInt8(ascii: "0")
                write(trace.0, into: out, at: 3)
                write(trace.1, into: out, at: 19)
                write(sampledFlags, into: out, at: 53)
            }
            write(span, into: out, at: 36)
            return length
        }
        return TraceParent(checked: header)
    }

    public var description: String { header }

    private init(checked header: String) {
        self.header = header
    }

    private static let digits: StaticString = "0123456789abcdef"

    /// `value` as lowercase hex, two digits per byte, most significant first.
    static func hex<Value: FixedWidthInteger & UnsignedInteger>(_ value: Value) -> String {
        String(unsafeUninitializedCapacity: Value.bitWidth / 4) { out in
            write(value, into: out, at: 0)
            return Value.bitWidth / 4
        }
    }

    private static func write<Value: FixedWidthInteger & UnsignedInteger>(_ value: Value, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int)
    {
        let count = Value.bitWidth / 4
        digits.withUTF8Buffer { digits in
            for index in 0..<count {
                out[start + index] = digits[Int((value >> ((count - 1 - index) * 4)) & 0xf)]
            }
        }
    }

    private static func isHex(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    private static func isNotZero(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        bytes.contains { $0 != UInt8(ascii: "0") }
    }
}
