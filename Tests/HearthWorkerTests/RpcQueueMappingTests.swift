import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// Queue triggers and queue outputs over FunctionRpc: the request as the Azure host builds it for
/// worker 1.1.9's `func.QueueMessage`, and the messages read from a response. No I/O.
@Suite struct RpcQueueMappingTests {
    static func function(dataType: String? = nil, extra: [BindingDefinition] = []) -> FunctionDefinition {
        FunctionDefinition(
            name: "Orders",
            bindings: [BindingDefinition(name: "msg", type: "QueueTrigger", direction: .in, dataType: dataType)] + extra,
            trigger: .queue(QueueTriggerDefinition(bindingName: "msg", queueName: "orders"))
        )
    }

    @Test func theMessageIsAStringAndTheMetadataIsTypedAsTheHostTypesIt() throws {
        // Inserted at a fraction of a second: the queue service reports whole seconds.
        let inserted = Date(timeIntervalSince1970: 1_733_470_388.75)
        let call = QueueFixtures.call(Self.function(), content: Data(#"{"order":7}"#.utf8), insertedAt: inserted)
        let request = RpcInvocationMapping.queueRequest(call, functionID: "q1")
        #expect(request.functionID == "q1")
        #expect(request.invocationID == call.invocationID.uuidString.lowercased())
        #expect(request.inputData.map(\.name) == ["msg"])
        #expect(request.inputData.first?.data.data == .string(#"{"order":7}"#))

        let metadata = request.triggerMetadata
        #expect(metadata["QueueTrigger"]?.data == .string(#"{"order":7}"#))
        #expect(metadata["Id"]?.data == .string("6f4d3c2b-1a09-4f8e-9d7c-6b5a49382716"))
        #expect(metadata["PopReceipt"]?.data == .string("receipt-of-the-lease"))
        // A .NET long and DateTimeOffsets go through the host's JSON serialization.
        #expect(metadata["DequeueCount"]?.data == .json("2"))
        #expect(metadata["InsertionTime"]?.data == .json(#""2024-12-06T07:33:08+00:00""#))
        #expect(metadata["NextVisibleTime"]?.data == .json(#""2024-12-06T07:33:38+00:00""#))
        #expect(metadata["ExpirationTime"]?.data == .json(#""9999-12-31T23:59:59+00:00""#))
        // Worker 1.1.9 fails the invocation on an `int` TypedData anywhere in the metadata.
        #expect(!metadata.values.contains { if case .int = $0.data { true } else { false } })
        let keys: Set = ["QueueTrigger", "Id", "PopReceipt", "DequeueCount", "InsertionTime", "NextVisibleTime", "ExpirationTime"]
        #expect(Set(metadata.keys) == keys)
    }

    @Test func aBinaryTriggerGetsBytesAndAMessageWithoutReceiptHasNone() {
        let bytes = Data([0, 0xFF, 0x10])
        let call = QueueFixtures.call(Self.function(dataType: "binary"), content: bytes, popReceipt: nil)
        let request = RpcInvocationMapping.queueRequest(call, functionID: "q1")
        #expect(request.inputData.first?.data.data == .bytes(bytes))
        #expect(request.triggerMetadata["PopReceipt"] == nil)
    }

    @Test func theLoadRequestSpellsQueueTypesAsTheWorkerRegistersThem() {
        let function = Self.function(
            dataType: "binary",
            extra: [
                BindingDefinition(name: "out", type: "Queue", direction: .out),
                BindingDefinition(name: "$return", type: "QUEUE", direction: .out, dataType: "string"),
                BindingDefinition(name: "doc", type: "cosmosDB", direction: .in),
            ]
        )
        let bindings = RpcInvocationMapping.loadRequest(function: function, functionID: "f", appRoot: "/app").metadata.bindings
        #expect(bindings["msg"]?.type == "queueTrigger")
        #expect(bindings["msg"]?.direction == .in)
        #expect(bindings["msg"]?.dataType == .binary)
        #expect(bindings["out"]?.type == "queue")
        #expect(bindings["out"]?.direction == .out)
        #expect(bindings["out"]?.dataType == .undefined)
        #expect(bindings["$return"]?.type == "queue")
        #expect(bindings["$return"]?.dataType == .string)
        // Types Hearth does not serve go as written.
        #expect(bindings["doc"]?.type == "cosmosDB")
    }

    static func binding(_ name: String, _ data: RpcTypedData) -> RpcParameterBinding {
        var binding = RpcParameterBinding()
        binding.name = name
        binding.data = data
        return binding
    }

    static func typed(_ value: RpcTypedData.OneOf_Data) -> RpcTypedData {
        var typed = RpcTypedData()
        typed.data = value
        return typed
    }

    @Test func outputsAreReadPerQueueBindingInOrderThenTheReturnValue() {
        let function = Self.function(
            extra: [
                BindingDefinition(name: "one", type: "queue", direction: .out),
                BindingDefinition(name: "many", type: "queue", direction: .out),
                BindingDefinition(name: "blob", type: "blob", direction: .out),
                BindingDefinition(name: "raw", type: "queue", direction: .out),
                BindingDefinition(name: "$return", type: "queue", direction: .out),
            ]
        )
        var response = RpcInvocationResponse()
        var strings = AzureFunctionsRpcMessages_CollectionString()
        strings.string = ["x", "y"]
        response.outputData = [
            Self.binding("many", Self.typed(.json(#"["a", {"k": 1, "j": [true, null]}, 2, null]"#))),
            Self.binding("blob", Self.typed(.string("not a queue"))),
            Self.binding("one", Self.typed(.string("single"))),
            Self.binding("raw", Self.typed(.bytes(Data([1, 2])))),
            Self.binding("unknown", Self.typed(.string("no such binding"))),
            Self.binding("one", Self.typed(.collectionString(strings))),
        ]
        response.returnValue = Self.typed(.json(#"{"id": "m1", "body": "text"}"#))
        let messages = RpcInvocationMapping.queueOutputs(response, function: function).queueMessages
        #expect(messages.map(\.bindingName) == ["many", "many", "many", "one", "raw", "one", "one", "$return"])
        #expect(
            messages.map { String(decoding: $0.content, as: UTF8.self) } == [
                "a", #"{"k":1,"j":[true,null]}"#, "2", "single", "\u{1}\u{2}", "x", "y", #"{"id":"m1","body":"text"}"#,
            ]
        )
        #expect(messages[4].content == Data([1, 2]))
    }

    @Test func anHTTPReturnValueIsNotAQueueMessage() {
        let function = QueueFixtures.submit
        var response = RpcInvocationResponse()
        response.returnValue = Self.typed(.string("the HTTP body"))
        #expect(RpcInvocationMapping.queueOutputs(response, function: function).queueMessages.isEmpty)
        response.outputData = [Self.binding("msg", Self.typed(.json(#""a JSON string""#)))]
        #expect(
            RpcInvocationMapping.queueOutputs(response, function: function).queueMessages == [
                FunctionOutputs.QueueMessageOutput(bindingName: "msg", content: Data("a JSON string".utf8))
            ]
        )
    }

    @Test func aFunctionWithoutQueueOutputsHasNone() {
        var response = RpcInvocationResponse()
        response.returnValue = Self.typed(.string("ignored"))
        response.outputData = [Self.binding("msg", Self.typed(.string("ignored")))]
        #expect(RpcInvocationMapping.queueOutputs(response, function: Self.function()) == .none)
    }
}
