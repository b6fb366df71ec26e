import Foundation
import HearthCore

/// The invocations this store wrote `running` and whose end it has not written yet: the ids whose
/// next record will find its row existing.
///
/// The invocation log writes a chunk's new rows by multi-row INSERTs; a piece that meets an
/// existing id is rolled back and written again row by row, which costs more than writing its rows
/// one by one in the first place. So an ended record whose id is here skips the pieces. It is a
/// hint, never a rule: a row it does not know (another process wrote it, a retried batch, a hint
/// cleared at its limit) still makes its piece fall back, correctly, only slower.
struct InvocationsWrittenRunning {
    /// Above this many ids (calls that never end in this process's log, e.g. a worker killed
    /// mid-call, whose rows a later process marks abandoned) the hint starts again empty.
    static let limit = 4096

    private(set) var ids: Set<UUID> = []

    /// Whether `record`'s row was written `running` by this store and has not ended since.
    func contains(_ record: InvocationRecord) -> Bool { ids.contains(record.id) }

    /// Takes note of `records`, just committed.
    mutating func written(_ records: some Sequence<InvocationRecord>) {
        for record in records {
            if record.status == .running {
                ids.insert(record.id)
            } else {
                ids.remove(record.id)
            }
        }
        if ids.count > Self.limit { ids.removeAll() }
    }
}
