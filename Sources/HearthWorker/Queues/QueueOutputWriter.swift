import Foundation
import HearthCore
import HearthStore

/// Puts what a function wrote to its `queue` output bindings on their queues, once it succeeded.
///
/// Each binding's `queueName` (after `%Setting%` substitution, lower-cased as Azure does) and
/// `connection` (see ``QueueConnection``) name the queue; a missing queue is created, as Azure's
/// output binding does. Every message is checked before any is put, so a message over 64 KiB
/// fails the invocation with nothing written. Pokes ``QueueSignals`` so this process's queue
/// trigger picks the messages up at once.
struct QueueOutputWriter: Sendable {
    let store: any QueueStore
    let signals: QueueSignals

    /// One message ready to put.
    struct Planned: Equatable {
        var bindingName: String
        var queueName: QueueName
        var connection: QueueConnection
        /// The text to store, encoded per `messageEncoding`.
        var text: Data
    }

    /// The messages `outputs` describe, encoded and checked, without I/O.
    /// - Throws: ``QueueBindingError`` for an output no `queue` binding declares, a binding with
    ///   no valid `queueName`, a bad connection setting, or a message over 64 KiB.
    static func plan(
        _ outputs: FunctionOutputs,
        function: FunctionDefinition,
        settings: [String: String],
        encoding: QueuesConfiguration.MessageEncoding
    ) throws(QueueBindingError) -> [Planned] {
        var planned: [Planned] = []
        for output in outputs.queueMessages {
            guard
                let binding = function.bindings.first(where: {
                    $0.direction == .out && $0.type.lowercased() == "queue" && $0.name == output.bindingName
                })
            else {
                throw QueueBindingError(
                    "function '\(function.name)' wrote to '\(output.bindingName)', which is not one of its queue output bindings"
                )
            }
            let queueName = try queueName(of: binding, function: function.name, settings: settings)
            let connection = try QueueConnection.resolve(
                connection: binding.raw["connection"]?.stringValue,
                settings: settings,
                function: function.name
            )
            let text = QueueMessageCodec.encode(output.content, encoding: encoding)
            do {
                try QueueMessageRules.validate(body: text)
            } catch {
                throw QueueBindingError(
                    "function '\(function.name)', queue output '\(binding.name)' (queue '\(queueName)'): \(error.message)"
                )
            }
            planned.append(Planned(bindingName: binding.name, queueName: queueName, connection: connection, text: text))
        }
        return planned
    }

    /// A queue binding's `queueName`, `%Setting%`s substituted, lower-cased, checked.
    static func queueName(
        of binding: BindingDefinition,
        function: String,
        settings: [String: String]
    ) throws(QueueBindingError) -> QueueName {
        guard let written = binding.raw["queueName"]?.stringValue, !written.isEmpty else {
            throw QueueBindingError("function '\(function)': queue binding '\(binding.name)' has no queueName")
        }
        do {
            return try QueueName(try SettingSubstitution.expand(written, settings: settings).lowercased())
        } catch {
            throw QueueBindingError("function '\(function)', queue binding '\(binding.name)': \(error.message)")
        }
    }

    /// Puts the messages of `outputs` of `function` of `app`.
    func commit(_ outputs: FunctionOutputs, app: LoadedApp, function: FunctionDefinition) async throws {
        guard !outputs.queueMessages.isEmpty else { return }
        let planned = try Self.plan(outputs, function: function, settings: app.settings, encoding: app.model.host.queues.messageEncoding)
        let resolver = QueueAccountResolver(store: store)
        var queues: [String: QueueRecord] = [:]
        for message in planned {
            let account = try await resolver.account(for: message.connection, tenantID: app.record.tenantID, function: function.name)
            let key = "\(account.id)/\(message.queueName)"
            let queue: QueueRecord
            if let known = queues[key] {
                queue = known
            } else {
                queue = try await Self.queue(message.queueName, in: account.id, store: store)
                queues[key] = queue
            }
            _ = try await store.putMessage(
                queueID: queue.id,
                body: message.text,
                visibilityDelay: 0,
                timeToLive: QueueMessageRules.defaultTimeToLive,
                at: Date()
            )
        }
        signals.poke()
    }

    /// The account's queue named `name`, created when missing.
    static func queue(_ name: QueueName, in accountID: UUID, store: any QueueStore) async throws -> QueueRecord {
        if let queue = try await store.queue(accountID: accountID, name: name) { return queue }
        do {
            _ = try await store.createQueue(QueueRecord(accountID: accountID, name: name))
        } catch let error as StoreError where error.code == .conflict {
            // Created at the same moment by another caller, with metadata: use it.
        }
        guard let queue = try await store.queue(accountID: accountID, name: name) else {
            throw QueueBindingError("queue '\(name)' could not be created")
        }
        return queue
    }
}
