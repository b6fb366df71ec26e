/// The ready workers split by the value of one label (such as `zone`), each value's workers in
/// name order; workers without the label form the value "".
struct SpreadGroups {
    /// The label values, sorted.
    var values: [String]
    /// Hashes of ``values``, for the order in which an app tries values holding as many of its
    /// instances.
    var valueHashes: [UInt64]
    /// Worker indices per value.
    var members: [[Int]]
    /// For each worker index, its value's position in ``values`` (-1 when it is not ready).
    var groupOf: [Int]

    /// - Parameters:
    ///   - label: The label key, or `nil` for one value holding every ready worker.
    ///   - workers: All workers, sorted by name; their indices are positions here.
    init(label: String?, workers: [FleetWorker]) {
        var byValue: [String: [Int]] = [:]
        for (index, worker) in workers.enumerated() where worker.state.takesWork {
            let value = label.flatMap { worker.labels[$0] } ?? ""
            byValue[value, default: []].append(index)
        }
        values = byValue.keys.sorted()
        valueHashes = values.map(PlacementHash.of)
        members = values.map { byValue[$0] ?? [] }
        groupOf = Array(repeating: -1, count: workers.count)
        for (group, indices) in members.enumerated() {
            for index in indices { groupOf[index] = group }
        }
    }
}
