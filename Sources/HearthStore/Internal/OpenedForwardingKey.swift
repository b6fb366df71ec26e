import Foundation
import Synchronization

/// The fleet forwarding key a worker without the master key last opened, with the wrap it came
/// from: the heartbeat reads the wrap every beat, and the HPKE open runs again only when the row
/// changed (a new wrap for a new master key or a new public key). Held by the store's
/// ``AppKeyring``; never logged.
final class OpenedForwardingKey: Sendable {
    struct Entry: Equatable {
        var workerID: UUID
        var keyID: String
        var wrap: AppKeyWrap
    }

    private let last = Mutex<(entry: Entry, key: [UInt8])?>(nil)

    /// The key opened from `entry`: the one kept when `entry` is the last one opened, else `open()`'s,
    /// which is then kept. A throwing `open()` keeps nothing new and forgets nothing.
    func key(for entry: Entry, open: () throws -> [UInt8]) throws -> [UInt8] {
        if let kept = last.withLock({ $0 }), kept.entry == entry { return kept.key }
        let key = try open()
        last.withLock { $0 = (entry, key) }
        return key
    }
}
