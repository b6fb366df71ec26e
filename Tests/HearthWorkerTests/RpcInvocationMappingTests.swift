import Foundation
import HearthCore
import Logging
import NIOCore
import SwiftProtobuf
import Testing

@testable import HearthWorker

/// FunctionRpc messages as the Azure host builds and reads them, and the wire format of the proto subset.
@Suite struct RpcInvocationMappingTests {
    let function = FunctionDefinition(
        name: "Items",
        bindings: [
            BindingDefinition(name: "req", type: "httpTrigger", direction: .in),
            BindingDefinition(name: "$return", type: "http", direction: .out),
            BindingDefinition(name: "blob", type: "blob", direction: .out, dataType: "binary"),
        ],
        trigger: .http(try! HTTPTriggerDefinition(bindingName: "req", route: RouteTemplate(parsing: "items/{id}"), outputBindingName: "$return")),
        scriptFile: "../shared/items.py",
        entryPoint: "run"
    )

    @Test func wireFormatMatchesTheProtocol() throws {
        var message = RpcMessage()
        message.requestID = "r"
        var start = AzureFunctionsRpcMessages_StartStream()
        start.workerID = "w"
        message.startStream = start
        #expect(Array(try message.serializedBytes() as [UInt8]) == [0x0a, 0x01, 0x72, 0xa2, 0x01, 0x03, 0x12, 0x01, 0x77])
    }

    @Test func functionLoadRequestNamesPathsAsTheWorkerSeesThem() {
        let request = RpcInvocationMapping.loadRequest(function: function, functionID: "f1", appRoot: "/home/site/wwwroot")
        #expect(request.functionID == "f1")
        #expect(request.metadata.name == "Items")
        #expect(request.metadata.directory == "/home/site/wwwroot/Items")
        #expect(request.metadata.scriptFile == "/home/site/wwwroot/shared/items.py")
        #expect(request.metadata.entryPoint == "run")
        #expect(request.metadata.bindings["req"]?.type == "httpTrigger")
        #expect(request.metadata.bindings["req"]?.direction == .in)
        #expect(request.metadata.bindings["$return"]?.direction == .out)
        #expect(request.metadata.bindings["blob"]?.dataType == .binary)
    }

    @Test func httpInvocationCarriesBodyBytesLowerCasedHeadersQueryAndParameters() throws {
        guard case .http(let trigger) = function.trigger else { return }
        let call = HTTPInvocation(
            function: function,
            trigger: trigger,
            request: CustomHandlerPayload.Request(
                url: "http://app.localhost/api/items/7?a=1&a=2",
                method: "POST",
                query: [("a", "1"), ("a", "2")],
                headers: [("X-Custom", "one"), ("x-custom", "two"), ("Content-Type", "application/octet-stream")],
                body: ByteBuffer(bytes: [0, 0xFF])
            ),
            parameters: ["id": "7"],
            forwardTarget: "/api/items/7?a=1&a=2",
            invocationID: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!
        )
        let request = RpcInvocationMapping.httpRequest(call, functionID: "f1")
        #expect(request.invocationID == "00000000-0000-0000-0000-0000000000ab")
        #expect(request.functionID == "f1")
        #expect(request.inputData.count == 1)
        #expect(request.inputData[0].name == "req")
        guard case .http(let http)? = request.inputData[0].data.data else {
            Issue.record("not an RpcHttp")
            return
        }
        #expect(http.method == "POST")
        #expect(http.url == "http://app.localhost/api/items/7?a=1&a=2")
        #expect(http.headers == ["x-custom": "one, two", "content-type": "application/octet-stream"])
        #expect(http.query == ["a": "1,2"])
        #expect(http.params == ["id": "7"])
        #expect(http.body.bytes == Data([0, 0xFF]))
        #expect(request.triggerMetadata["id"]?.string == "7")
        #expect(request.traceContext.traceParent.hasPrefix("00-"))
    }

    @Test func timerInvocationSendsTheTimerObjectAsJSON() throws {
        let timer = FunctionDefinition(
            name: "Tick",
            bindings: [BindingDefinition(name: "timer", type: "timerTrigger", direction: .in)],
            trigger: .timer(TimerTriggerDefinition(bindingName: "timer", expression: "00:05:00", schedule: .interval(.seconds(300))))
        )
        let request = RpcInvocationMapping.timerRequest(
            TimerInvocation(function: timer, bindingName: "timer", status: nil, isPastDue: true, invocationID: UUID()),
            functionID: "t"
        )
        let json = try JSONValue.parse(Data(request.inputData[0].data.json.utf8), file: "timer")
        #expect(json["IsPastDue"] == .bool(true))
        #expect(json["Schedule"]?["AdjustForDST"] == .bool(true))
    }

    @Test func httpResponseFromReturnValueOrNamedOutput() throws {
        var http = RpcHTTP()
        http.statusCode = "201"
        http.headers = ["X-One": "1"]
        var body = RpcTypedData()
        body.bytes = Data("made".utf8)
        http.body = body
        var value = RpcTypedData()
        value.http = http
        var response = RpcInvocationResponse()
        response.returnValue = value
        let message = try RpcInvocationMapping.httpResponse(response, outputBinding: "$return")
        #expect(message.status == 201)
        #expect(message.headers.map { "\($0.name)=\($0.value)" } == ["X-One=1"])
        #expect(String(buffer: message.body) == "made")

        var named = RpcInvocationResponse()
        var output = RpcParameterBinding()
        output.name = "res"
        var json = RpcTypedData()
        json.json = #"{"ok":true}"#
        var jsonHTTP = RpcHTTP()
        jsonHTTP.body = json
        output.data.http = jsonHTTP
        named.outputData = [output]
        let fromOutput = try RpcInvocationMapping.httpResponse(named, outputBinding: "res")
        #expect(fromOutput.status == 200)
        #expect(fromOutput.headers.first { $0.name == "Content-Type" }?.value.hasPrefix("application/json") == true)
        #expect(String(buffer: fromOutput.body) == #"{"ok":true}"#)

        // No output: 204, as the v4 host answers; a bare string: the body.
        #expect(try RpcInvocationMapping.httpResponse(RpcInvocationResponse(), outputBinding: "$return").status == 204)
        var text = RpcInvocationResponse()
        text.returnValue.string = "plain"
        let plain = try RpcInvocationMapping.httpResponse(text, outputBinding: "$return")
        #expect(plain.status == 200 && String(buffer: plain.body) == "plain")
    }

    @Test func aStatusThatIsNotANumberIsRefused() {
        var http = RpcHTTP()
        http.statusCode = "OK"
        var response = RpcInvocationResponse()
        response.returnValue.http = http
        #expect(throws: WorkerError.self) { try RpcInvocationMapping.httpResponse(response, outputBinding: "$return") }
    }
}
