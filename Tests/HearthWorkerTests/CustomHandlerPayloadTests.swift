import Foundation
import HearthCore
import NIOCore
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

    @Test func httpRequestPayloadHasDataAndMetadata() throws {
        let payload = CustomHandlerPayload.http(
            functionName: "Items",
            bindingName: "req",
            request: request(body: #"{"x":1}"#, contentType: "application/json"),
            parameters: ["id": "1"],
            invocationID: UUID()
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
        let binary = CustomHandlerPayload.http(
            functionName: "F",
            bindingName: "req",
            request: request(body: "\u{1}\u{2}", contentType: "application/octet-stream"),
            parameters: [:],
            invocationID: UUID()
        )
        #expect(binary["Data"]?["req"]?["Body"] == .string(Data([1, 2]).base64EncodedString()))
        let empty = CustomHandlerPayload.http(functionName: "F", bindingName: "req", request: request(), parameters: [:], invocationID: UUID())
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
