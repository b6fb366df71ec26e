import Foundation
import HearthCore
import NIOCore
import NIOHTTP1
import Testing

@testable import HearthWorker

/// The custom-handler JSON, built and read as the Azure Functions host does.
@Suite struct CustomHandlerPayloadTests {
    func request(body: String = "", contentType: String? = nil) -> CustomHandlerPayload.Request {
        var headers: [(name: String, value: String)] = [("Accept", "a"), ("accept", "b")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        return CustomHandlerPayload.Request(
            url: "http://x/api/items/1?a=1&a=2",
            method: "POST",
            query: [("a", "1"), ("a", "2"), ("b", "")],
            headers: headers,
            body: ByteBuffer(string: body)
        )
    }

    /// The payload's JSON text, read back.
    func http(_ request: CustomHandlerPayload.Request, parameters: [String: String] = [:], function: String = "F") throws -> JSONValue {
        let bytes = CustomHandlerPayload.http(
            functionName: function,
            bindingName: "req",
            request: request,
            parameters: parameters,
            invocationID: UUID()
        )
        return try JSONValue.parse(bytes: bytes, file: "payload")
    }

    @Test func httpRequestPayloadHasDataAndMetadata() throws {
        let payload = try JSONValue.parse(
            bytes: CustomHandlerPayload.http(
                functionName: "Items",
                bindingName: "req",
                request: request(body: #"{"x":1}"#, contentType: "application/json"),
                parameters: ["id": "1"],
                invocationID: UUID()
            ),
            file: "payload"
        )
        let req = try #require(payload["Data"]?["req"])
        #expect(req["Method"] == "POST")
        #expect(req["Query"] == .object([("a", "1,2"), ("b", "")]))  // multi-values comma-joined
        #expect(req["Headers"]?["Accept"] == .array(["a", "b"]))  // header values are arrays
        #expect(req["Params"] == .object([("id", "1")]))
        #expect(req["Body"] == .string(#"{"x":1}"#))
        #expect(payload["Metadata"]?["id"] == "1")
        #expect(payload["Metadata"]?["sys"]?["MethodName"] == "Items")
    }

    @Test func binaryBodiesAreBase64AndEmptyBodiesAbsent() throws {
        let binary = try http(request(body: "\u{1}\u{2}", contentType: "application/octet-stream"))
        #expect(binary["Data"]?["req"]?["Body"] == .string(Data([1, 2]).base64EncodedString()))
        let empty = try http(request())
        #expect(empty["Data"]?["req"]?["Body"] == nil)
    }

    @Test func httpOutputIsReadCaseInsensitively() throws {
        let reply = try JSONValue.parse(
            Data(
                #"{"Outputs":{"res":{"StatusCode":"201","Body":{"ok":true},"Headers":{"X-A":"1","X-B":["2","3"]}}},"Logs":["hello"],"ReturnValue":null}"#
                    .utf8
            ),
            file: "reply"
        )
        let (response, logs) = try CustomHandlerPayload.httpResponse(from: reply, outputBinding: "res")
        #expect(response.status == 201)
        #expect(String(buffer: response.body) == #"{"ok":true}"#)
        #expect(response.headers.map { "\($0.name)=\($0.value)" } == ["X-A=1", "X-B=2", "X-B=3", "Content-Type=application/json; charset=utf-8"])
        #expect(logs == ["hello"])
    }

    @Test func returnValueAndMissingOutput() throws {
        let viaReturn = try JSONValue.parse(Data(#"{"ReturnValue":{"statusCode":202,"body":"queued"}}"#.utf8), file: "r")
        let (accepted, _) = try CustomHandlerPayload.httpResponse(from: viaReturn, outputBinding: "$return")
        #expect(accepted.status == 202)
        #expect(String(buffer: accepted.body) == "queued")
        let nothing = try JSONValue.parse(Data(#"{"Outputs":{}}"#.utf8), file: "r")
        #expect(try CustomHandlerPayload.httpResponse(from: nothing, outputBinding: "res").response.status == 204)
        let bad = try JSONValue.parse(Data(#"{"Outputs":{"res":{"statusCode":99}}}"#.utf8), file: "r")
        #expect(throws: WorkerError.self) { try CustomHandlerPayload.httpResponse(from: bad, outputBinding: "res") }
    }

    /// The handler's reply is parsed from the response's bytes: a reply that is not UTF-8, not JSON
    /// or repeats a key is the same clear error as when it went through `Data` first; an empty
    /// reply is an empty object.
    @Test func aHandlersBadReplyIsABadResponse() throws {
        func reply(_ bytes: [UInt8]) throws -> JSONValue {
            let head = HTTPResponseHead(version: .http1_1, status: .ok)
            return try CustomHandlerHost.payloadReply(UpstreamResponse(head: head, body: ByteBuffer(bytes: bytes)), function: "F")
        }
        let notUTF8 = try #require(throws: WorkerError.self) { try reply(Array(#"{"Logs":[""#.utf8) + [0xC3, 0x28] + Array(#""]}"#.utf8)) }
        #expect(notUTF8.code == .badResponse)
        #expect(
            notUTF8.message == "the handler's reply to /F is not JSON: response of /F:1:10: string is not valid UTF-8 — save the file as UTF-8"
        )
        let duplicate = try #require(throws: WorkerError.self) { try reply(Array(#"{"Outputs":{},"Outputs":{}}"#.utf8)) }
        #expect(duplicate.message.hasPrefix("the handler's reply to /F is not JSON: response of /F:1:15: duplicate key 'Outputs' in object"))
        let truncated = try #require(throws: WorkerError.self) { try reply(Array(#"{"Outputs":{"#.utf8)) }
        #expect(truncated.code == .badResponse)
        #expect(try reply([]) == .object([]))
        let unicode = try reply(Array(#"{"Outputs":{"res":{"body":"caf\u00e9 \ud83d\ude00 日本"}}}"#.utf8))
        #expect(unicode["Outputs"]?["res"]?["body"] == "caf\u{E9} \u{1F600} 日本")
    }

    /// The payload written without a tree is, byte for byte, the serialization of the tree the
    /// payload was built as before (kept here as the reference): for hostile text in every place
    /// (quotes, backslashes, control characters, NUL, non-ASCII, U+2028), repeated and differently
    /// cased header names, repeated query names, route parameters, text, binary and empty bodies.
    @Test(arguments: [0, 1, 2, 3, 4])
    func payloadBytesAreTheSerializationOfTheTreeItWasBuiltAsBefore(_ variant: Int) throws {
        var hostile = request(body: "caf\u{E9}\u{0}\"\\\n\u{1F600}", contentType: "text/plain")
        hostile.headers.append(("X-\u{E9}", "v\u{1}\u{7F}"))
        hostile.headers.append(("ACCEPT", "c\"d"))
        hostile.query.append(("q\"", "\u{2028}"))
        hostile.query.append(("b", "again"))
        var parameters = ["p": "\\", "a b": "x\ty", "id": "\u{E9}"]
        switch variant {
        case 1: hostile.body = ByteBuffer(bytes: [0, 1, 0xFF])
        case 2:
            hostile.body = ByteBuffer()
            parameters = [:]
        case 3:
            hostile = CustomHandlerPayload.Request(url: "http://x/", method: "GET", query: [], headers: [], body: ByteBuffer())
            parameters = [:]
        case 4:
            // No name repeats: each header is its own member, with no name compared.
            hostile.headers = [("A", "1"), ("b", "2\""), ("Content-Type", "text/plain"), ("X-\u{E9}", "")]
        default: break
        }
        if variant == 1 { hostile.headers.append(("content-TYPE", "application/octet-stream")) }
        let bytes = CustomHandlerPayload.http(
            functionName: "F\u{1}",
            bindingName: "re\"q",
            request: hostile,
            parameters: parameters,
            invocationID: UUID()
        )
        // sys.UtcNow and sys.RandGuid differ between two makings: take the written ones.
        let sys = try #require(try JSONValue.parse(bytes: bytes, file: "payload")["Metadata"]?["sys"])
        let reference = Self.referencePayload(bindingName: "re\"q", request: hostile, parameters: parameters, sys: sys)
        #expect(bytes == reference.serializedBytes())
        guard case .object(let fields) = sys else {
            Issue.record("sys is not an object")
            return
        }
        #expect(fields.map(\.key) == ["MethodName", "UtcNow", "RandGuid"])
        #expect(sys["MethodName"] == "F\u{1}")
        #expect(sys["UtcNow"]?.stringValue?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        let guid = try #require(sys["RandGuid"]?.stringValue)
        #expect(UUID(uuidString: guid)?.lowercasedText == guid)
    }

    /// The payload as `CustomHandlerPayload.http` built it as a ``JSONValue`` until issue #16.
    static func referencePayload(
        bindingName: String,
        request: CustomHandlerPayload.Request,
        parameters: [String: String],
        sys: JSONValue
    )
        -> JSONValue
    {
        var query: [(key: String, value: JSONValue)] = []
        for (name, value) in request.query {
            if let i = query.firstIndex(where: { $0.key == name }), case .string(let existing) = query[i].value {
                query[i].value = .string(existing + "," + value)
            } else {
                query.append((name, .string(value)))
            }
        }
        var headers: [(key: String, value: JSONValue)] = []
        for (name, value) in request.headers {
            if let i = headers.firstIndex(where: { $0.key.equalsIgnoringASCIICase(name) }), case .array(let values) = headers[i].value {
                headers[i].value = .array(values + [.string(value)])
            } else {
                headers.append((name, .array([.string(value)])))
            }
        }
        let params = JSONValue.object(parameters.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        var requestObject: [(key: String, value: JSONValue)] = [
            ("Url", .string(request.url)), ("Method", .string(request.method)), ("Query", .object(query)), ("Headers", .object(headers)),
            ("Params", params), ("Identities", .array([])),
        ]
        if request.body.readableBytes > 0 {
            let contentType = request.headers.first { $0.name.equalsIgnoringASCIICase("content-type") }?.value.lowercased() ?? ""
            let text = CustomHandlerPayload.isText(contentType)
            requestObject.append(("Body", .string(text ? String(buffer: request.body) : Data(request.body.readableBytesView).base64EncodedString())))
        }
        var metadata: [(key: String, value: JSONValue)] = [("Query", .object(query)), ("Headers", .object(headers))]
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { metadata.append((name, .string(value))) }
        metadata.append(("sys", sys))
        return .object([("Data", .object([(bindingName, .object(requestObject))])), ("Metadata", .object(metadata))])
    }

    /// `sys.UtcNow` and the queue's times, written digit by digit: the same text as the
    /// interpolated formatter they replaced, from 1970 to the years with five digits.
    @Test func isoTimesAreAsBefore() {
        func reference(_ date: Date) -> String {
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            var seconds = time_t(
                milliseconds.quotientAndRemainder(dividingBy: 1000).quotient - (milliseconds < 0 && milliseconds % 1000 != 0 ? 1 : 0)
            )
            let fraction = Int(milliseconds - Int64(seconds) * 1000)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            func pad(_ value: Int32, _ width: Int) -> String {
                let digits = String(value)
                return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
            }
            return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
                + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(fraction), 3))Z"
        }
        // The epoch, either side of it, leap days, the last and first instants of four-digit years,
        // years before 1 (written as before, by the interpolated form), and random times.
        var seconds: [Double] = [
            0, -0.001, -1, 0.999, 59.9999, 951_782_400, 1_733_470_388.5, 253_402_300_799.999, 253_402_300_800, -62_135_596_800,
            -62_167_219_200, -62_167_219_200.001, -62_198_755_200,
        ]
        for _ in 0..<2_000 { seconds.append((Double.random(in: -2_500_000_000...260_000_000_000) * 1000).rounded() / 1000) }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(CustomHandlerPayload.iso(date) == reference(date), "\(value)")
        }
        #expect(CustomHandlerPayload.iso(Date(timeIntervalSince1970: 1_733_470_388.123)) == "2024-12-06T07:33:08.123Z")
        #expect(CustomHandlerPayload.offsetTime(Date(timeIntervalSince1970: 1_733_470_388.123)) == "2024-12-06T07:33:08+00:00")
    }

    /// A queue output binding is recognised in any ASCII case, as `type.lowercased() == "queue"` did.
    @Test func queueBindingTypesInAnyCase() {
        for (type, isQueue) in [
            ("queue", true), ("Queue", true), ("QUEUE", true), ("queueTrigger", false), ("queu", false), ("http", false), ("qu\u{E9}ue", false),
        ] {
            let binding = BindingDefinition(name: "out", type: type, direction: .out)
            #expect(binding.isQueue == isQueue, "\(type)")
            #expect(binding.isQueue == (type.lowercased() == "queue"), "\(type)")
        }
    }

    @Test func timerPayloadCarriesScheduleStatus() {
        let status = TimerStatus(
            last: Date(timeIntervalSince1970: 0),
            next: Date(timeIntervalSince1970: 300),
            lastUpdated: Date(timeIntervalSince1970: 1)
        )
        let payload = CustomHandlerPayload.timer(functionName: "Tick", bindingName: "myTimer", status: status, isPastDue: true)
        let info = payload["Data"]?["myTimer"]
        #expect(info?["IsPastDue"] == .bool(true))
        #expect(info?["ScheduleStatus"]?["Next"] == "1970-01-01T00:05:00.000Z")
        #expect(info?["Schedule"]?["AdjustForDST"] == .bool(true))
        let unmonitored = CustomHandlerPayload.timer(functionName: "Tick", bindingName: "t", status: nil, isPastDue: false)
        #expect(unmonitored["Data"]?["t"]?["ScheduleStatus"] == .null)
    }
}
