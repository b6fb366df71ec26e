import Foundation
import HearthCore
import HearthStore
import Synchronization

/// Deletes the messages whose functions succeeded, many in one store transaction (group commit):
/// the first deletion asked for starts a flush at once; the ones asked for while it runs wait for
/// the next flush, which takes them all. An idle queue adds no delay; a busy one pays one commit
/// per batch instead of one per message.
final class QueueMessageDeleter: Sendable {
    private struct Pending {
        var receipt: QueueMessageReceipt
        var done: CheckedContinuation<(any Error)?, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var flushing = false
    }

    /// At most this many messages in one transaction.
    static let batchLimit = 256

    let store: any QueueStore
    private let state = Mutex(State())

    init(store: any QueueStore) {
        self.store = store
    }

    /// Deletes the message; returns why it could not (``StoreError``: gone, or taken again since;
    /// or the store's failure), `nil` when it is deleted.
    func delete(_ receipt: QueueMessageReceipt) async -> (any Error)? {
        await withCheckedContinuation { continuation in
            let startFlush = state.withLock { state in
                state.pending.append(Pending(receipt: receipt, done: continuation))
                defer { state.flushing = true }
                return !state.flushing
            }
            if startFlush { Task { await self.flush() } }
        }
    }

    /// Deletes batches until nothing waits.
    private func flush() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let batch = Array(state.pending.prefix(Self.batchLimit))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let refused = try await store.deleteMessages(batch.map(\.receipt))
                for pending in batch { pending.done.resume(returning: refused[pending.receipt.id]) }
            } catch {
                for pending in batch { pending.done.resume(returning: error) }
            }
        }
    }
}
