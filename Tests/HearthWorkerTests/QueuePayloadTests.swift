import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// Queue messages in and out of functions: the custom-handler payload, the outputs read from a
/// reply, `messageEncoding`, and the output binding's plan.
@Suite struct QueuePayloadTests {
    let queueID = UUID()

    func function(_ bindings: [BindingDefinition]) -> FunctionDefinition {
        FunctionDefinition(
            name: "Work",
            bindings: [BindingDefinition(name: "item", type: "queueTrigger", direction: .in)] + bindings,
            trigger: .queue(QueueTriggerDefinition(bindingName: "item", queueName: "orders"))
        )
    }

    func queueOut(_ name: String, queue: String, connection: String? = nil) -> BindingDefinition {
        var raw: [(key: String, value: JSONValue)] = [
            ("type", "queue"), ("direction", "out"), ("name", .string(name)), ("queueName", .string(queue)),
        ]
        if let connection { raw.append(("connection", .string(connection))) }
        return BindingDefinition(name: name, type: "queue", direction: .out, raw: .object(raw))
    }

    @Test func queuePayloadCarriesTheMessageAndAzuresBindingData() throws {
        let message = QueueMessage(
            id: UUID(uuidString: "800AE4B3-BDD2-4C08-BADD-F08E5A34B865")!,
            queueID: queueID,
            body: Data("aGVsbG8=".utf8),
            insertedAt: Date(timeIntervalSince1970: 1_570_643_911),
            expiresAt: Date(timeIntervalSince1970: 1_571_248_711),
            nextVisibleAt: Date(timeIntervalSince1970: 1_570_644_512),
            dequeueCount: 2,
            popReceipt: "receipt-1"
        )
        let payload = CustomHandlerPayload.queue(functionName: "Work", bindingName: "item", message: message, content: Data("hello".utf8))
        #expect(payload["Data"]?["item"] == .string("hello"))
        let metadata = try #require(payload["Metadata"])
        #expect(metadata["DequeueCount"]?.intValue == 2)
        #expect(metadata["Id"] == .string("800ae4b3-bdd2-4c08-badd-f08e5a34b865"))
        #expect(metadata["InsertionTime"] == .string("2019-10-09T17:58:31+00:00"))
        #expect(metadata["ExpirationTime"] == .string("2019-10-16T17:58:31+00:00"))
        #expect(metadata["NextVisibleTime"] == .string("2019-10-09T18:08:32+00:00"))
        #expect(metadata["PopReceipt"] == .string("receipt-1"))
        #expect(metadata["QueueTrigger"] == .string("hello"))
        #expect(metadata["sys"]?["MethodName"] == .string("Work"))
    }

    @Test func outputsAreReadFromOutputsAndReturnValue() {
        let work = function([queueOut("outbox", queue: "out"), queueOut("$return", queue: "done"), queueOut("unused", queue: "x")])
        let reply: JSONValue = [
            "Outputs": ["outbox": ["one", ["n": 2], .null], "other": "ignored"],
            "Logs": ["a line"],
            "ReturnValue": "finished",
        ]
        let outputs = CustomHandlerPayload.queueOutputs(from: reply, function: work)
        #expect(outputs.queueMessages.map(\.bindingName) == ["outbox", "outbox", "$return"])
        #expect(outputs.queueMessages.map { String(decoding: $0.content, as: UTF8.self) } == ["one", #"{"n":2}"#, "finished"])
        #expect(CustomHandlerPayload.logs(from: reply) == ["a line"])
        #expect(CustomHandlerPayload.queueOutputs(from: ["Outputs": [:], "ReturnValue": .null], function: work) == .none)
    }

    @Test func messageEncoding() throws {
        #expect(try QueueMessageCodec.decode(Data("aGk=".utf8), encoding: .base64) == Data("hi".utf8))
        #expect(try QueueMessageCodec.decode(Data("aGk=".utf8), encoding: .none) == Data("aGk=".utf8))
        #expect(QueueMessageCodec.encode(Data("hi".utf8), encoding: .base64) == Data("aGk=".utf8))
        #expect(QueueMessageCodec.encode(Data("hi".utf8), encoding: .none) == Data("hi".utf8))
        #expect(throws: QueueBindingError.self) { try QueueMessageCodec.decode(Data("not base64!".utf8), encoding: .base64) }
    }

    @Test func outputPlanSubstitutesSettingsEncodesAndResolvesConnections() throws {
        let work = function([queueOut("outbox", queue: "%OUT_QUEUE%"), queueOut("$return", queue: "Done", connection: "Other")])
        let key = Data(repeating: 7, count: 64)
        let settings = ["OUT_QUEUE": "results", "Other": "AccountName=acme;AccountKey=\(key.base64EncodedString())"]
        let outputs = FunctionOutputs(queueMessages: [
            .init(bindingName: "outbox", content: Data("hi".utf8)), .init(bindingName: "$return", content: Data("x".utf8)),
        ])
        let plan = try QueueOutputWriter.plan(outputs, function: work, settings: settings, encoding: .base64)
        #expect(plan.map(\.queueName.rawValue) == ["results", "done"])
        #expect(plan.map(\.text) == [Data("aGk=".utf8), Data("eA==".utf8)])
        #expect(plan.map(\.connection) == [.tenantDefault, .account(name: "acme", key: key, setting: "Other")])
    }

    @Test func outputOver64KiBFailsWithNothingPlanned() {
        let work = function([queueOut("outbox", queue: "out")])
        let big = FunctionOutputs(queueMessages: [.init(bindingName: "outbox", content: Data(repeating: 65, count: 49 * 1024))])
        // 49 KiB of content is over 64 KiB once base64-encoded; as text it fits.
        do {
            _ = try QueueOutputWriter.plan(big, function: work, settings: [:], encoding: .base64)
            Issue.record("a message over 64 KiB was accepted")
        } catch {
            #expect(error.message.contains("Work") && error.message.contains("outbox") && error.message.contains("64 KiB"), "\(error)")
        }
        #expect((try? QueueOutputWriter.plan(big, function: work, settings: [:], encoding: .none))?.count == 1)
    }

    @Test func outputToAnUndeclaredBindingOrABadQueueNameFails() {
        let work = function([queueOut("outbox", queue: "bad_name")])
        #expect(throws: QueueBindingError.self) {
            try QueueOutputWriter.plan(
                .init(queueMessages: [.init(bindingName: "nope", content: Data())]),
                function: work,
                settings: [:],
                encoding: .none
            )
        }
        #expect(throws: QueueBindingError.self) {
            try QueueOutputWriter.plan(
                .init(queueMessages: [.init(bindingName: "outbox", content: Data())]),
                function: work,
                settings: [:],
                encoding: .none
            )
        }
    }

    @Test func triggerDetailsLineNamesTheMessage() {
        let message = QueueMessage(
            id: UUID(uuidString: "800AE4B3-BDD2-4C08-BADD-F08E5A34B865")!,
            queueID: queueID,
            body: Data(),
            insertedAt: Date(timeIntervalSince1970: 1_570_643_911),
            expiresAt: QueueMessage.neverExpires,
            nextVisibleAt: Date(timeIntervalSince1970: 1_570_643_911),
            dequeueCount: 3
        )
        #expect(
            Invoker.triggerDetails(message)
                == "Trigger Details: MessageId: 800ae4b3-bdd2-4c08-badd-f08e5a34b865, DequeueCount: 3, InsertedOn: 2019-10-09T17:58:31+00:00"
        )
    }
}
