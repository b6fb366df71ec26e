import Foundation
import HearthCore

/// The W3C `traceparent` header as the worker reads it from callers and writes it to functions.
enum TraceHeader {
    /// The header's name, as functions receive it.
    static let traceParent = "traceparent"

    /// Whether `name` is `traceparent`, in any case.
    static func isTraceParent(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase(traceParent)
    }

    /// The caller's `traceparent` header, if it sent one.
    static func value(in headers: [(name: String, value: String)]) -> String? {
        headers.first { isTraceParent($0.name) }?.value
    }

    /// The trace invocation `id` runs in: the caller's trace when `incoming` is a valid
    /// `traceparent` (its trace id and flags), else a new random trace; its span id is the last
    /// 8 bytes of the invocation id (random in a UUIDv7), so a span names its invocation.
    static func trace(invocation id: UUID, incoming: String?) -> TraceParent {
        let parsed = incoming.flatMap { TraceParent(header: $0) }
        let bytes = id.uuid
        let high = UInt64(bytes.8) << 56 | UInt64(bytes.9) << 48 | UInt64(bytes.10) << 40 | UInt64(bytes.11) << 32
        let span = high | UInt64(bytes.12) << 24 | UInt64(bytes.13) << 16 | UInt64(bytes.14) << 8 | UInt64(bytes.15)
        guard parsed == nil else { return TraceParent.continuing(parsed, spanID: span, newTraceID: (0, 0)) }
        var generator = SystemRandomNumberGenerator()
        return TraceParent.continuing(nil, spanID: span, newTraceID: (generator.next(), generator.next()))
    }

    /// `request` with its `traceparent` header set to `traceParent` (unchanged without one).
    static func replacing(in request: CustomHandlerPayload.Request, with traceParent: String?) -> CustomHandlerPayload.Request {
        guard let traceParent else { return request }
        var request = request
        request.headers.removeAll { isTraceParent($0.name) }
        request.headers.append((Self.traceParent, traceParent))
        return request
    }
}
