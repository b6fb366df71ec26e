import Foundation
import HearthCore

extension CustomHandlerPayload {
    /// The request for a queue-triggered function: the message (its content as text) under the
    /// trigger's binding name in `Data`, and Azure's binding data in `Metadata`.
    static func queue(functionName: String, bindingName: String, message: QueueMessage, content: Data) -> JSONValue {
        let text = String(decoding: content, as: UTF8.self)
        let metadata: [(key: String, value: JSONValue)] = [
            ("DequeueCount", .number(String(message.dequeueCount))),
            ("ExpirationTime", .string(offsetTime(message.expiresAt))),
            ("Id", .string(message.id.uuidString.lowercased())),
            ("InsertionTime", .string(offsetTime(message.insertedAt))),
            ("NextVisibleTime", .string(offsetTime(message.nextVisibleAt))),
            ("PopReceipt", message.popReceipt.map { JSONValue.string($0) } ?? .null),
            ("QueueTrigger", .string(text)),
            ("sys", system(functionName: functionName)),
        ]
        return .object([("Data", .object([(bindingName, .string(text))])), ("Metadata", .object(metadata))])
    }

    /// What a handler's reply wrote to `function`'s `queue` output bindings: `Outputs.<name>` for
    /// each, `ReturnValue` for `$return`. An array is several messages; a string is its text;
    /// other JSON is serialized; null or absent writes nothing.
    static func queueOutputs(from reply: JSONValue, function: FunctionDefinition) -> FunctionOutputs {
        var outputs = FunctionOutputs()
        for binding in function.bindings where binding.direction == .out && binding.isQueue {
            let value = binding.name == "$return" ? reply["ReturnValue"] : reply["Outputs"]?[binding.name]
            guard let value, value != .null else { continue }
            let messages: [JSONValue]
            if case .array(let items) = value { messages = items.filter { $0 != .null } } else { messages = [value] }
            for message in messages {
                let content: Data
                if case .string(let s) = message { content = Data(s.utf8) } else { content = Data(message.serialized(pretty: false).utf8) }
                outputs.queueMessages.append(FunctionOutputs.QueueMessageOutput(bindingName: binding.name, content: content))
            }
        }
        return outputs
    }

    /// The lines a handler's reply logged (`Logs`).
    static func logs(from reply: JSONValue) -> [String] {
        reply["Logs"]?.arrayValue?.compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return value == .null ? nil : value.serialized(pretty: false)
        } ?? []
    }

    /// `2026-11-21T05:57:57+00:00`: how the Azure host writes a queue message's times.
    static func offsetTime(_ date: Date) -> String {
        let text = iso(date)  // 2026-11-21T05:57:57.123Z
        return String(text.prefix(19)) + "+00:00"
    }
}
