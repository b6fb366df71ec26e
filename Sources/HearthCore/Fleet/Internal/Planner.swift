import Foundation

/// The working state of one ``Placement/plan(_:now:policy:)`` run: the workers by index, the
/// memory each has in use as moves are decided, and the moves so far.
struct Planner {
    /// An app that needs new instances, decided in the first pass and placed in the second.
    struct Pending {
        var app: FleetApp
        var hash: UInt64
        /// Indices of the workers it stays on.
        var kept: [Int]
        /// The reason for each new instance, in order.
        var reasons: [PlacementMove.Reason]
    }

    let workers: [FleetWorker]
    let policy: PlacementPolicy
    var indexByName: [String: Int] = [:]
    var usedMB: [Int]
    var spreads: [String: SpreadGroups] = [:]
    var unlabelled: SpreadGroups?
    /// Steps coprime to a value's worker count, by that count.
    var steps: [Int: [Int]] = [:]
    var places: [PlacementMove] = []
    var removes: [PlacementMove] = []
    var unplaced: [PlacementPlan.Unplaced] = []

    init(workers: [FleetWorker], policy: PlacementPolicy) {
        var sorted = workers.sorted { $0.name < $1.name }
        // A name listed twice keeps its first entry.
        var seen: Set<String> = []
        sorted.removeAll { !seen.insert($0.name).inserted }
        self.workers = sorted
        self.policy = policy
        for (index, worker) in sorted.enumerated() { indexByName[worker.name] = index }
        usedMB = sorted.map(\.reservedMB)
    }

    mutating func plan(_ apps: [FleetApp], now: Date) -> PlacementPlan {
        var pending: [Pending] = []
        for app in apps.sorted(by: { $0.id < $1.id }) {
            if let needs = settle(app, now: now) { pending.append(needs) }
        }
        // Apps left with no instance first, then the larger ones (they fit in fewer places), then by id.
        pending.sort { a, b in
            if a.kept.isEmpty != b.kept.isEmpty { return a.kept.isEmpty }
            if a.app.memoryLimitMB != b.app.memoryLimitMB { return a.app.memoryLimitMB > b.app.memoryLimitMB }
            return a.app.id < b.app.id
        }
        for needs in pending { place(needs) }
        var used: [String: Int] = [:]
        for (index, worker) in workers.enumerated() { used[worker.name] = usedMB[index] }
        return PlacementPlan(moves: places + removes, unplaced: unplaced, usedMB: used)
    }

    /// First pass for one app: keeps its instances on ready workers, removes the others and any
    /// beyond its instance target, and returns what is left to place.
    mutating func settle(_ app: FleetApp, now: Date) -> Pending? {
        var kept: [Int] = []
        var lost: [String] = []
        for name in app.placement {
            guard let index = indexByName[name] else {
                removes.append(PlacementMove(.remove, app: app.id, worker: name, reason: .unknownWorker))
                continue
            }
            if kept.contains(index) || lost.contains(name) {
                removes.append(PlacementMove(.remove, app: app.id, worker: name, reason: .duplicate))
            } else if !workers[index].state.takesWork {
                removes.append(PlacementMove(.remove, app: app.id, worker: name, reason: .workerNotReady(workers[index].state)))
                lost.append(name)
            } else {
                kept.append(index)
                usedMB[index] += app.memoryLimitMB
            }
        }
        let target = Placement.instanceTarget(for: app, current: kept.count + lost.count, now: now, policy: policy)
        while kept.count > target.count, let index = leastNeeded(of: kept, label: spreadLabel(of: app)) {
            kept.removeAll { $0 == index }
            usedMB[index] -= app.memoryLimitMB
            removes.append(PlacementMove(.remove, app: app.id, worker: workers[index].name, reason: target.reason ?? .scaleIn))
        }
        let missing = target.count - kept.count
        guard missing > 0 else { return nil }
        let reasons = (0..<missing).map { n in
            n < lost.count ? PlacementMove.Reason.replaces(worker: lost[n]) : target.reason ?? .belowDesired
        }
        return Pending(app: app, hash: PlacementHash.of(app.id), kept: kept, reasons: reasons)
    }

    /// Second pass for one app: places each missing instance, or reports what did not fit.
    mutating func place(_ needs: Pending) {
        var kept = needs.kept
        for (n, reason) in needs.reasons.enumerated() {
            guard let index = bestWorker(for: needs.app, hash: needs.hash, avoiding: kept) else {
                let fewerWorkers = kept.count >= groups(spreadLabel(of: needs.app)).members.reduce(0) { $0 + $1.count }
                unplaced.append(
                    PlacementPlan.Unplaced(
                        appID: needs.app.id,
                        missing: needs.reasons.count - n,
                        reason: fewerWorkers ? .notEnoughWorkers : .noCapacity
                    )
                )
                return
            }
            kept.append(index)
            usedMB[index] += needs.app.memoryLimitMB
            places.append(PlacementMove(.place, app: needs.app.id, worker: workers[index].name, reason: reason))
        }
    }

    func spreadLabel(of app: FleetApp) -> String? { app.spreadLabel ?? policy.defaultSpreadLabel }

    func free(_ index: Int) -> Int { workers[index].capacityMB - usedMB[index] }

    func freeShare(_ index: Int) -> Double {
        let capacity = workers[index].capacityMB
        return capacity > 0 ? Double(free(index)) / Double(capacity) : 0
    }

    /// The spread groups for a label, built once per run.
    mutating func groups(_ label: String?) -> SpreadGroups {
        guard let label else {
            if let unlabelled { return unlabelled }
            let built = SpreadGroups(label: nil, workers: workers)
            unlabelled = built
            return built
        }
        if let cached = spreads[label] { return cached }
        let built = SpreadGroups(label: label, workers: workers)
        spreads[label] = built
        return built
    }

    /// The ready worker for a new instance of `app`: in the label value holding the fewest of its
    /// instances that has room, the freest of the first fitting candidates in the app's hash order.
    mutating func bestWorker(for app: FleetApp, hash: UInt64, avoiding kept: [Int]) -> Int? {
        let spread = groups(spreadLabel(of: app))
        var counts = Array(repeating: 0, count: spread.values.count)
        for index in kept where spread.groupOf[index] >= 0 { counts[spread.groupOf[index]] += 1 }
        let order = spread.values.indices.sorted { a, b in
            if counts[a] != counts[b] { return counts[a] < counts[b] }
            let rankA = PlacementHash.mix(hash ^ spread.valueHashes[a])
            let rankB = PlacementHash.mix(hash ^ spread.valueHashes[b])
            return rankA != rankB ? rankA < rankB : a < b
        }
        for group in order {
            if let index = candidate(in: spread.members[group], for: app, hash: hash, avoiding: kept) { return index }
        }
        return nil
    }

    /// Walks `members` from the app's home position by a step coprime to their count (so each is
    /// visited once) and returns the freest of the first ``PlacementPolicy/candidates`` that fit.
    mutating func candidate(in members: [Int], for app: FleetApp, hash: UInt64, avoiding kept: [Int]) -> Int? {
        let count = members.count
        guard count > 0 else { return nil }
        let coprime = coprimeSteps(count)
        let step = coprime[Int((hash >> 32) % UInt64(coprime.count))]
        var position = Int(hash % UInt64(count))
        var best: Int?
        var found = 0
        for _ in 0..<count {
            let index = members[position]
            if free(index) >= app.memoryLimitMB, !kept.contains(index) {
                if let current = best {
                    if freeShare(index) > freeShare(current) { best = index }
                } else {
                    best = index
                }
                found += 1
                if found >= max(policy.candidates, 1) { break }
            }
            position = (position + step) % count
        }
        return best
    }

    mutating func coprimeSteps(_ count: Int) -> [Int] {
        if let cached = steps[count] { return cached }
        let built = count == 1 ? [1] : (1..<count).filter { gcd($0, count) == 1 }
        steps[count] = built
        return built
    }

    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The instance to give back first: in the label value holding the most of the app's
    /// instances, on the worker with the smallest share of free capacity, then the last by name.
    mutating func leastNeeded(of kept: [Int], label: String?) -> Int? {
        let spread = groups(label)
        var counts: [Int: Int] = [:]
        for index in kept { counts[spread.groupOf[index], default: 0] += 1 }
        return kept.max { a, b in
            let countA = counts[spread.groupOf[a]] ?? 0
            let countB = counts[spread.groupOf[b]] ?? 0
            if countA != countB { return countA < countB }
            let shareA = freeShare(a)
            let shareB = freeShare(b)
            if shareA != shareB { return shareA > shareB }
            return workers[a].name < workers[b].name
        }
    }
}
