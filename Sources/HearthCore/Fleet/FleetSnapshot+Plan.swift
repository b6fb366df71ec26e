extension FleetSnapshot {
    /// The snapshot with `plan`'s moves applied to the apps' placements (workers and load as they
    /// are): what the next run of the placer reads once an executor carried the plan out.
    public func applying(_ plan: PlacementPlan) -> FleetSnapshot {
        var byApp: [String: [PlacementMove]] = [:]
        for move in plan.moves { byApp[move.appID, default: []].append(move) }
        var result = self
        for index in result.apps.indices {
            guard let moves = byApp[result.apps[index].id] else { continue }
            for move in moves {
                switch move.kind {
                case .place: result.apps[index].placement.append(move.worker)
                case .remove:
                    if let at = result.apps[index].placement.lastIndex(of: move.worker) { result.apps[index].placement.remove(at: at) }
                }
            }
        }
        return result
    }
}
