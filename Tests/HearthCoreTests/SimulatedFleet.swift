import Foundation
import HearthCore

/// A large made-up fleet for the placement benchmark: workers of three sizes in three zones, and
/// apps of four memory limits, a third of them with two instances.
enum SimulatedFleet {
    static func workers(_ count: Int) -> [FleetWorker] {
        let capacities = [49_152, 65_536, 81_920]
        let zones = ["a", "b", "c"]
        return (0..<count).map { n in
            FleetWorker(
                name: "worker-\(String(format: "%03d", n))",
                capacityMB: capacities[n % capacities.count],
                labels: ["zone": zones[(n / 3) % zones.count]]
            )
        }
    }

    static func apps(_ count: Int) -> [FleetApp] {
        let limits = [128, 256, 512, 640]
        return (0..<count).map { n in
            FleetApp(
                id: "app-\(String(format: "%05d", n))",
                memoryLimitMB: limits[n % limits.count],
                desiredInstances: n % 3 == 0 ? 2 : 1,
                maxInstances: 4
            )
        }
    }

    static func snapshot(apps: Int, workers: Int) -> FleetSnapshot {
        FleetSnapshot(workers: self.workers(workers), apps: self.apps(apps))
    }

    /// Load samples that held `demand` with each app's current instance count over the last
    /// `window`, one every 10 s.
    static func load(_ snapshot: FleetSnapshot, demandPerInstance: Int, appsEvery: Int, window: TimeInterval, now: Date) -> FleetSnapshot {
        var result = snapshot
        for index in result.apps.indices where index % appsEvery == 0 {
            let instances = result.apps[index].placement.count
            result.apps[index].load = stride(from: window, through: 0, by: -10).map { ago in
                FleetLoadSample(at: now.addingTimeInterval(-ago), inFlight: demandPerInstance * instances, instances: instances)
            }
        }
        return result
    }
}
