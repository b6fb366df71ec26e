import Foundation
import HearthCore
import NIOCore

/// The JSON that custom handlers exchange with the host (`{"Data", "Metadata"}` in,
/// `{"Outputs", "Logs", "ReturnValue"}` out), built and read exactly as the Azure Functions host does.
enum CustomHandlerPayload {
    /// The request as the function sees it.
    struct Request: Sendable {
        var url: String
        var method: String
        var query: [(String, String)]
        var headers: [(name: String, value: String)]
        var body: ByteBuffer
    }

    /// The HTTP trigger's `{"Data", "Metadata"}` payload as the body's JSON text, written directly
    /// (``JSONWriter``) rather than built as a ``JSONValue`` and serialized: the same bytes, without
    /// the tree (bench/README.md, "Invocation log write, fifth round, and the JSON payload").
    ///
    /// Query parameters that repeat arrive comma-joined under their first occurrence's place; header
    /// values are arrays, one per header of that name (names matched case-insensitively, the first
    /// spelling kept); route parameters are sorted by name.
    static func http(functionName: String, bindingName: String, request: Request, parameters: [String: String], invocationID: UUID) -> [UInt8] {
        let query = mergedQuery(request.query)
        let repeatedNames = hasRepeatedNames(request.headers)
        let sortedParameters = parameters.sorted { $0.key < $1.key }
        // Url, method and headers twice, the body: ~700 bytes for a small request.
        var json = JSONWriter(capacity: 512 + 2 * request.url.utf8.count + request.body.readableBytes * 2)
        json.beginObject()
        json.key("Data")
        json.beginObject()
        json.key(bindingName)
        json.beginObject()
        json.key("Url")
        json.string(request.url)
        json.key("Method")
        json.string(request.method)
        json.key("Query")
        let queryStart = json.count
        writeQuery(query, to: &json)
        let queryText = queryStart..<json.count
        json.key("Headers")
        let headersStart = json.count
        writeHeaders(request.headers, repeatedNames: repeatedNames, to: &json)
        let headersText = headersStart..<json.count
        json.key("Params")
        json.beginObject()
        for (name, value) in sortedParameters {
            json.key(name)
            json.string(value)
        }
        json.endObject()
        json.key("Identities")
        json.beginArray()
        json.endArray()
        if request.body.readableBytes > 0 {
            let contentType = request.headers.first { $0.name.equalsIgnoringASCIICase("content-type") }?.value.lowercased() ?? ""
            json.key("Body")
            json.string(isText(contentType) ? String(buffer: request.body) : Data(request.body.readableBytesView).base64EncodedString())
        }
        json.endObject()
        json.endObject()
        json.key("Metadata")
        json.beginObject()
        // The same query and headers as in Data: their text copied.
        json.key("Query")
        json.value(copying: queryText)
        json.key("Headers")
        json.value(copying: headersText)
        for (name, value) in sortedParameters {
            json.key(name)
            json.string(value)
        }
        json.key("sys")
        json.beginObject()
        for (name, value) in systemFields(functionName: functionName) {
            json.key(name)
            json.string(value)
        }
        json.endObject()
        json.endObject()
        json.endObject()
        return json.finish()
    }

    /// The query's parameters, those that repeat joined by commas at their first occurrence.
    private static func mergedQuery(_ query: [(String, String)]) -> [(name: String, value: String)] {
        var merged: [(name: String, value: String)] = []
        merged.reserveCapacity(query.count)
        for (name, value) in query {
            if let i = merged.firstIndex(where: { $0.name == name }) {
                merged[i].value += "," + value
            } else {
                merged.append((name, value))
            }
        }
        return merged
    }

    private static func writeQuery(_ query: [(name: String, value: String)], to json: inout JSONWriter) {
        json.beginObject()
        for (name, value) in query {
            json.key(name)
            json.string(value)
        }
        json.endObject()
    }

    /// `{"Name": ["value", …], …}`: one member per header name (case-insensitively, at its first
    /// occurrence, spelled as there), holding the values of every header of that name in order.
    /// `repeatedNames`: whether any name occurs twice (``hasRepeatedNames(_:)``); most requests have
    /// none, and then each header is its own member, with no name compared.
    private static func writeHeaders(_ headers: [(name: String, value: String)], repeatedNames: Bool, to json: inout JSONWriter) {
        json.beginObject()
        for i in headers.indices {
            let name = headers[i].name
            if repeatedNames, headers[..<i].contains(where: { $0.name.equalsIgnoringASCIICase(name) }) { continue }
            json.key(name)
            json.beginArray()
            json.string(headers[i].value)
            if repeatedNames {
                for later in headers[(i + 1)...] where later.name.equalsIgnoringASCIICase(name) { json.string(later.value) }
            }
            json.endArray()
        }
        json.endObject()
    }

    /// Whether two of `headers` have the same name, in any ASCII case.
    private static func hasRepeatedNames(_ headers: [(name: String, value: String)]) -> Bool {
        for i in headers.indices where headers[..<i].contains(where: { $0.name.equalsIgnoringASCIICase(headers[i].name) }) {
            return true
        }
        return false
    }

    static func timer(functionName: String, bindingName: String, status: TimerStatus?, isPastDue: Bool) -> JSONValue {
        let scheduleStatus: JSONValue =
            status.map {
                .object([("Last", .string(iso($0.last))), ("Next", .string(iso($0.next))), ("LastUpdated", .string(iso($0.lastUpdated)))])
            } ?? .null
        let info = JSONValue.object([
            ("Schedule", .object([("AdjustForDST", .bool(true))])),
            ("ScheduleStatus", scheduleStatus),
            ("IsPastDue", .bool(isPastDue)),
        ])
        return .object([("Data", .object([(bindingName, info)])), ("Metadata", .object([("sys", system(functionName: functionName))]))])
    }

    /// The HTTP response a handler's reply describes, and the lines it logged.
    ///
    /// The `http` output (`Outputs[name]`, or `ReturnValue` for `$return`) is an object with
    /// `statusCode` (or `status`), `body` and `headers`, matched case-insensitively. With no such
    /// output the caller gets 204, as the v4 host answers.
    static func httpResponse(from reply: JSONValue, outputBinding: String?) throws -> (response: HTTPMessage, logs: [String]) {
        let logs =
            reply["Logs"]?.arrayValue?.compactMap { value -> String? in
                if case .string(let s) = value { return s }
                return value == .null ? nil : value.serialized(pretty: false)
            } ?? []
        let output: JSONValue?
        if outputBinding == nil || outputBinding == "$return" {
            output = reply["ReturnValue"]
        } else {
            output = reply["Outputs"]?[outputBinding!]
        }
        guard let output, output != .null else { return (HTTPMessage(status: 204), logs) }
        guard case .object = output else {
            // A bare value is the body.
            return (HTTPMessage(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: ByteBuffer(string: text(output))), logs)
        }
        var message = HTTPMessage()
        if let status = output["statusCode"] ?? output["status"] {
            guard let code = status.intValue ?? status.stringValue.flatMap({ Int($0) }), (100...599).contains(code) else {
                throw WorkerError(.badResponse, "the handler returned statusCode \(status.serialized(pretty: false)); use a number from 100 to 599")
            }
            message.status = code
        }
        if case .object(let headers) = output["headers"] ?? .null {
            for (name, value) in headers {
                if case .array(let values) = value {
                    for v in values { message.headers.append((name, text(v))) }
                } else {
                    message.headers.append((name, text(value)))
                }
            }
        }
        // Hearth's Node worker sends bytes as base64 and says so in a private header.
        let base64 = message.headers.contains { $0.name.equalsIgnoringASCIICase(bodyEncodingHeader) && $0.value.lowercased() == "base64" }
        message.headers.removeAll { $0.name.equalsIgnoringASCIICase(bodyEncodingHeader) }
        switch output["body"] ?? .null {
        case .null: break
        case .string(let s) where base64:
            guard let bytes = Data(base64Encoded: s) else {
                throw WorkerError(.badResponse, "the worker marked the body as base64 but it is not valid base64")
            }
            message.body = ByteBuffer(bytes: bytes)
        case .string(let s): message.body = ByteBuffer(string: s)
        case let structured:
            message.body = ByteBuffer(string: structured.serialized(pretty: false))
            if !message.headers.contains(where: { $0.name.equalsIgnoringASCIICase("content-type") }) {
                message.headers.append(("Content-Type", "application/json; charset=utf-8"))
            }
        }
        return (message, logs)
    }

    /// The header by which Hearth's Node worker marks a base64-encoded binary body (never relayed).
    static let bodyEncodingHeader = "x-hearth-body-encoding"

    static func isText(_ contentType: String) -> Bool {
        contentType.isEmpty || contentType.hasPrefix("text/") || contentType.contains("json") || contentType.contains("xml")
            || contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.contains("javascript")
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.serialized(pretty: false)
    }

    static func system(functionName: String) -> JSONValue {
        .object(systemFields(functionName: functionName).map { ($0.name, .string($0.value)) })
    }

    /// `Metadata.sys`: the function's name, the time now and a fresh GUID.
    static func systemFields(functionName: String) -> [(name: String, value: String)] {
        [("MethodName", functionName), ("UtcNow", iso(Date())), ("RandGuid", UUID.random().lowercasedText)]
    }

    /// `2026-11-21T05:57:57.123Z`: UTC, milliseconds (runs for every JSON-payload invocation, so
    /// formatted by hand rather than by a Foundation format style).
    static func iso(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient - (milliseconds < 0 && milliseconds % 1000 != 0 ? 1 : 0))
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        if (0...9999).contains(parts.tm_year + 1900) { return iso(parts, milliseconds: fraction) }
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(fraction), 3))Z"
    }

    /// ``iso(_:)`` for a year of four digits, written digit by digit into the string's storage (the
    /// interpolated form above cost ~7 k instructions, of every JSON-payload request).
    private static func iso(_ parts: tm, milliseconds: Int) -> String {
        String(unsafeUninitializedCapacity: 24) { out in
            var position = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    out[position] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                    position += 1
                    divisor /= 10
                }
            }
            func put(_ separator: Unicode.Scalar) {
                out[position] = UInt8(ascii: separator)
                position += 1
            }
            put(Int(parts.tm_year) + 1900, 4)
            put("-")
            put(Int(parts.tm_mon) + 1, 2)
            put("-")
            put(Int(parts.tm_mday), 2)
            put("T")
            put(Int(parts.tm_hour), 2)
            put(":")
            put(Int(parts.tm_min), 2)
            put(":")
            put(Int(parts.tm_sec), 2)
            put(".")
            put(milliseconds, 3)
            put("Z")
            return position
        }
    }
}
