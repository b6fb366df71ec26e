import Foundation
import HearthCore

/// The invocation log's records waiting to be written: the newest version of each record, by id.
///
/// The writer keeps one behind a lock that every request takes to ``add(_:)``, so what happens
/// under that lock is O(1): ``take()`` hands the whole buffer over by swapping its storage with a
/// spare one (emptied outside the lock by the writer and given back with ``recycle(_:)``, so that
/// neither taking nor adding allocates once the sizes settle). Copying, sorting and releasing a
/// batch's records happen outside the lock.
struct InvocationLogBuffer: Sendable {
    private var records: [UUID: InvocationRecord] = [:]
    private var spare: [UUID: InvocationRecord] = [:]

    /// How many records wait.
    var count: Int { records.count }

    /// How many records the buffer holds before its storage must grow (under the writer's lock).
    var capacity: Int { records.capacity }

    /// Buffers `record`, replacing an older version of it (same id) that is not written yet.
    mutating func add(_ record: InvocationRecord) {
        records[record.id] = record
    }

    /// Takes every waiting record, leaving the buffer empty: O(1), the storage itself changes hands.
    /// When none wait, nothing changes hands: the buffer keeps its storage (and its capacity) for
    /// the records to come, rather than starting again from an empty dictionary after each idle flush.
    mutating func take() -> [UUID: InvocationRecord] {
        guard !records.isEmpty else { return [:] }
        let taken = records
        records = spare
        spare = [:]
        return taken
    }

    /// Puts back records whose write failed, except those a newer version of arrived since.
    mutating func restore(_ failed: some Sequence<InvocationRecord>) {
        for record in failed where records[record.id] == nil {
            records[record.id] = record
        }
    }

    /// Keeps the storage of a taken batch, emptied by the caller (outside the lock), for the next ``take()``.
    mutating func recycle(_ storage: [UUID: InvocationRecord]) {
        guard storage.isEmpty else { return }
        spare = storage
    }
}
