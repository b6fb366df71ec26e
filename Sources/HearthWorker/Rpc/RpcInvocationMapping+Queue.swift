import Foundation
import HearthCore

/// Queue triggers and queue output bindings over FunctionRpc, as the Azure host maps them.
extension RpcInvocationMapping {
    /// `InvocationRequest` for one queue message. The trigger's value is the message as a string,
    /// or as bytes for a binding with `dataType: binary`. The trigger metadata is typed as the host's
    /// `ToRpc` types the binding data: strings stay `string`, the dequeue count (a .NET `long`) and
    /// the times (`DateTimeOffset`) are serialized to `json` — worker 1.1.9 cannot read an `int`
    /// `TypedData` anywhere in the metadata, and `func.QueueMessage` parses the times from the strings.
    static func queueRequest(_ call: QueueInvocation, functionID: String) -> RpcInvocationRequest {
        let binding = call.function.bindings.first { $0.name == call.trigger.bindingName }
        var data = RpcTypedData()
        if binding?.dataType?.lowercased() == "binary" {
            data.bytes = call.content
        } else {
            data.string = String(decoding: call.content, as: UTF8.self)
        }
        var request = invocation(
            id: call.invocationID,
            functionID: functionID,
            bindingName: call.trigger.bindingName,
            data: data,
            traceParent: call.traceParent
        )
        request.triggerMetadata = queueTriggerMetadata(call)
        return request
    }

    /// The binding data of a queue trigger: `QueueTrigger`, `Id`, `PopReceipt` (strings),
    /// `DequeueCount` (JSON number), `InsertionTime`, `ExpirationTime`, `NextVisibleTime` (JSON strings).
    static func queueTriggerMetadata(_ call: QueueInvocation) -> [String: RpcTypedData] {
        func string(_ value: String) -> RpcTypedData {
            var typed = RpcTypedData()
            typed.string = value
            return typed
        }
        func json(_ value: JSONValue) -> RpcTypedData {
            var typed = RpcTypedData()
            typed.json = value.serialized(pretty: false)
            return typed
        }
        let message = call.message
        var metadata: [String: RpcTypedData] = [
            "QueueTrigger": string(String(decoding: call.content, as: UTF8.self)),
            "Id": string(message.id.uuidString.lowercased()),
            "DequeueCount": json(.number(String(message.dequeueCount))),
            "InsertionTime": json(.string(azureTime(message.insertedAt))),
            "ExpirationTime": json(.string(azureTime(message.expiresAt))),
            "NextVisibleTime": json(.string(azureTime(message.nextVisibleAt))),
        ]
        if let receipt = message.popReceipt { metadata["PopReceipt"] = string(receipt) }
        return metadata
    }

    /// A time as the host serializes a queue message's `DateTimeOffset`: whole seconds (the queue
    /// service's precision) with the offset, `2024-01-31T08:00:05+00:00`.
    static func azureTime(_ date: Date) -> String {
        String(UTCTimestamp.iso8601(date).dropLast()) + "+00:00"
    }

    /// What a finished invocation put on its `queue` output bindings: the `outputData` entries of
    /// those bindings in the order the worker sent them, then the return value when `$return` is a
    /// queue binding. An HTTP function's `$return` that is its `http` output is not a message.
    static func queueOutputs(_ response: RpcInvocationResponse, function: FunctionDefinition) -> FunctionOutputs {
        let queues = Set(function.bindings.filter { $0.direction == .out && $0.type.lowercased() == "queue" }.map(\.name))
        guard !queues.isEmpty else { return .none }
        var outputs = FunctionOutputs()
        func add(_ name: String, _ value: RpcTypedData) {
            for content in queueMessages(value) {
                outputs.queueMessages.append(FunctionOutputs.QueueMessageOutput(bindingName: name, content: content))
            }
        }
        for output in response.outputData where output.name != "$return" && queues.contains(output.name) {
            add(output.name, output.data)
        }
        if queues.contains("$return"), response.hasReturnValue { add("$return", response.returnValue) }
        return outputs
    }

    /// The messages one output value stands for: a string its text, bytes as they are, a number
    /// its text; a JSON array or a collection one message per element (as the host does for
    /// `func.Out[typing.List[str]]`), any other JSON value one message of its compact text.
    static func queueMessages(_ value: RpcTypedData) -> [Data] {
        switch value.data {
        case .string(let s): [Data(s.utf8)]
        case .bytes(let d), .stream(let d): [d]
        case .int(let n): [Data(String(n).utf8)]
        case .double(let n): [Data(String(n).utf8)]
        case .json(let text): jsonMessages(text)
        case .collectionString(let c): c.string.map { Data($0.utf8) }
        case .collectionBytes(let c): c.bytes
        case .collectionDouble(let c): c.double.map { Data(String($0).utf8) }
        case .collectionSint64(let c): c.sint64.map { Data(String($0).utf8) }
        case .http, nil: []
        }
    }

    private static func jsonMessages(_ text: String) -> [Data] {
        guard let value = try? JSONValue.parse(text, file: "queue output") else { return [Data(text.utf8)] }
        func message(_ element: JSONValue) -> Data? {
            switch element {
            case .null: nil
            case .string(let s): Data(s.utf8)
            default: Data(element.serialized(pretty: false).utf8)
            }
        }
        if case .array(let elements) = value { return elements.compactMap(message) }
        return message(value).map { [$0] } ?? []
    }
}
