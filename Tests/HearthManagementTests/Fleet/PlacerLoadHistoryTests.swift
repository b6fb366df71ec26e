import Foundation
import HearthCore
import Testing

@testable import HearthManagement

@Suite struct PlacerLoadHistoryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func worker(_ name: String, _ inFlight: [UUID: Int], state: WorkerRecord.State = .ready) -> WorkerRecord {
        WorkerRecord(
            registration: WorkerRegistration(name: name, advertiseURL: "http://\(name):7071", capacityMB: 1024, labels: [:], version: "1"),
            state: state,
            registeredAt: start,
            lastHeartbeatAt: start,
            load: WorkerLoad(inFlightByApp: inFlight)
        )
    }

    @Test func aSampleSumsTheAppsInFlightOverItsWorkersWithItsInstanceCount() {
        let (orders, billing) = (UUID(), UUID())
        let w1 = Self.worker("w1", [orders: 4, billing: 1])
        let w2 = Self.worker("w2", [orders: 6])
        let gone = Self.worker("gone", [orders: 100], state: .revoked)
        var history = PlacerLoadHistory(policy: PlacementPolicy())
        let placements = [
            w1.id: [AppPlacement(appID: orders, workerID: w1.id, placedAt: Self.start)],
            w2.id: [AppPlacement(appID: orders, workerID: w2.id, placedAt: Self.start)],
        ]
        history.record(appIDs: [orders, billing], workers: [w1, w2, gone], placements: placements, at: Self.start)
        #expect(history.samples[orders] == [FleetLoadSample(at: Self.start, inFlight: 10, instances: 2)])
        #expect(history.samples[billing] == [FleetLoadSample(at: Self.start, inFlight: 1, instances: 0)])
    }

    @Test func oldSamplesAndDeletedAppsAreForgotten() {
        let orders = UUID()
        var policy = PlacementPolicy()
        policy.scaleOutWindow = .seconds(10)
        policy.scaleInWindow = .seconds(20)
        var history = PlacerLoadHistory(policy: policy)
        #expect(history.keep == 30)
        for second in stride(from: 0, through: 40, by: 10) {
            history.record(appIDs: [orders], workers: [], placements: [:], at: Self.start.addingTimeInterval(TimeInterval(second)))
        }
        #expect(history.samples[orders]?.map(\.at) == [10, 20, 30, 40].map { Self.start.addingTimeInterval($0) })
        history.record(appIDs: [], workers: [], placements: [:], at: Self.start.addingTimeInterval(50))
        #expect(history.samples.isEmpty)
    }

    @Test func storedCountsSurviveTheirJSONAndHostileJSONIsLeftOut() {
        let orders = UUID()
        let load = WorkerLoad(inFlightByApp: [orders: 3])
        #expect(WorkerLoad.inFlightByApp(json: load.inFlightByAppJSON) == [orders: 3])
        #expect(WorkerLoad.idle.inFlightByAppJSON == nil)
        #expect(WorkerLoad.inFlightByApp(json: nil).isEmpty)
        #expect(WorkerLoad.inFlightByApp(json: "not json").isEmpty)
        #expect(WorkerLoad.inFlightByApp(json: #"{"x": 1, "\#(orders.uuidString)": -2}"#).isEmpty)
        #expect(WorkerLoad.inFlightByApp(json: #"[1, 2]"#).isEmpty)
    }
}
