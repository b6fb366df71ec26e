public import Foundation
public import HearthCore

/// The queues the queue-triggered apps listen to and how many messages wait in them, read by the
/// placer each round: a pure function of the triggers (resolved by ``PlacerQueueReader``) and the
/// store's queue depths, tested without a store.
///
/// An app is queue-triggered when at least one of its enabled queue triggers names a queue the
/// placer could resolve (connection setting → queue account of the app's tenant → queue name),
/// as the worker resolves it. Its depth is the messages in those queues (each queue counted once,
/// a queue not created yet counting 0). A trigger that cannot be resolved is left out and
/// reported in ``problems``, naming the function; an app with no usable trigger is not
/// queue-triggered, so only `HEARTH_INSTANCES` places it.
///
/// ```swift
/// let queues = PlacerQueues(triggers: [appID: [.init(function: "Work", listens: .queue(account: "acme", name: "orders"))]],
///                           depths: try await store.queueDepths(at: now))
/// queues.depths[appID]  // the messages waiting in acme/orders
/// ```
package struct PlacerQueues: Sendable {
    /// What one queue trigger listens to, as the placer resolved it.
    package enum Listens: Sendable, Hashable {
        /// A queue of the named account (names lower-cased).
        case queue(account: String, name: String)
        /// The trigger cannot run as written: the sentence says why (never a key or a connection string).
        case unusable(String)
    }

    /// One enabled queue trigger of an app's active deployment.
    package struct Trigger: Sendable, Hashable {
        package var function: String
        package var listens: Listens

        package init(function: String, listens: Listens) {
            self.function = function
            self.listens = listens
        }
    }

    /// Messages waiting, by the id of each queue-triggered app (0 when its queues are empty).
    package private(set) var depths: [UUID: Int] = [:]
    /// The sentences of the triggers that cannot be resolved, by app id.
    package private(set) var problems: [UUID: [String]] = [:]

    /// No queue-triggered apps.
    package init() {}

    /// - Parameters:
    ///   - triggers: Each app's enabled queue triggers, by app id.
    ///   - depths: ``QueueStore/queueDepths(at:)``.
    package init(triggers: [UUID: [Trigger]], depths: [QueueDepth]) {
        var messages: [String: [String: Int]] = [:]
        for depth in depths { messages[depth.account.lowercased(), default: [:]][depth.queue.lowercased()] = max(depth.messages, 0) }
        for (appID, list) in triggers {
            var queues: Set<[String]> = []
            for trigger in list {
                switch trigger.listens {
                case .queue(let account, let name): queues.insert([account.lowercased(), name.lowercased()])
                case .unusable(let reason): problems[appID, default: []].append(reason)
                }
            }
            guard !queues.isEmpty else { continue }
            self.depths[appID] = queues.reduce(0) { $0 + (messages[$1[0]]?[$1[1]] ?? 0) }
        }
    }

    /// Whether a queue depth above 0 wakes the app.
    package func isQueueTriggered(_ appID: UUID) -> Bool { depths[appID] != nil }
}
