import Foundation
import HearthCore
import Testing

/// A worker's state as people see it, from its record and an injected time.
@Suite struct WorkerStatusTests {
    /// Monday 2026-12-07 12:00 UTC.
    static let noon = Date(timeIntervalSince1970: 1_796_644_800)

    static func record(state: WorkerRecord.State = .ready, heardAgo: TimeInterval = 1, available: String? = nil) throws -> WorkerRecord {
        WorkerRecord(
            registration: WorkerRegistration(
                name: "w1",
                advertiseURL: "http://w1:7071",
                capacityMB: 1024,
                version: "1.0",
                availability: try available.map(AvailabilityWindow.init(parsing:)),
                timeZone: "UTC"
            ),
            state: state,
            registeredAt: noon.addingTimeInterval(-3600),
            lastHeartbeatAt: noon.addingTimeInterval(-heardAgo)
        )
    }

    @Test func noonIsAMonday() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.component(.weekday, from: Self.noon) == 2 && calendar.component(.hour, from: Self.noon) == 12)
    }

    @Test func readyUntilSilentLongerThanTheLiveness() throws {
        #expect(WorkerStatus.of(try Self.record(heardAgo: 10), at: Self.noon) == .ready)
        #expect(WorkerStatus.of(try Self.record(heardAgo: 10.5), at: Self.noon) == .down)
        #expect(WorkerStatus.of(try Self.record(heardAgo: 10.5), at: Self.noon, liveness: .init(downAfter: 30)) == .ready)
        #expect(WorkerStatus.of(try Self.record(heardAgo: 31), at: Self.noon, liveness: .init(downAfter: 30)) == .down)
    }

    @Test func revokedAboveDownAboveDrainingAboveOutsideHours() throws {
        #expect(WorkerStatus.of(try Self.record(state: .revoked, heardAgo: 100), at: Self.noon) == .revoked)
        #expect(WorkerStatus.of(try Self.record(state: .draining, heardAgo: 100), at: Self.noon) == .down)
        #expect(WorkerStatus.of(try Self.record(state: .draining, available: "Sat-Sun"), at: Self.noon) == .draining)
        #expect(WorkerStatus.of(try Self.record(available: "Mon-Fri 19:00-07:00; Sat-Sun"), at: Self.noon) == .outsideHours)
        #expect(WorkerStatus.of(try Self.record(heardAgo: 0, available: "Mon 11:00-13:00"), at: Self.noon) == .ready)
        #expect(WorkerStatus.outsideHours.rawValue == "outside hours")
        #expect(WorkerStatus.allCases.filter(\.takesWork) == [.ready])
    }

    @Test func labelsNamesAndRegistrationsAreChecked() throws {
        #expect(try WorkerLabels.parse(["zone=b", "tier=Gold.1", "empty="]) == ["zone": "b", "tier": "Gold.1", "empty": ""])
        #expect(throws: HearthError.self) { try WorkerLabels.parse(["zone"]) }
        #expect(throws: HearthError.self) { try WorkerLabels.parse(["zone=a", "zone=b"]) }
        #expect(throws: HearthError.self) { try WorkerLabels.parse(["Zone=a"]) }
        #expect(throws: HearthError.self) { try WorkerLabels.parse(["zone=a b"]) }
        try WorkerName.validate("desk-7.lan")
        #expect(throws: HearthError.self) { try WorkerName.validate("-desk") }
        #expect(throws: HearthError.self) { try WorkerName.validate(String(repeating: "a", count: 64)) }
        var registration = try Self.record().registration
        try registration.validate()
        registration.capacityMB = 0
        #expect(throws: HearthError.self) { try registration.validate() }
        registration.capacityMB = 1
        registration.advertiseURL = "ftp://w1"
        #expect(throws: HearthError.self) { try registration.validate() }
    }
}
