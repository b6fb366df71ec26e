import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// The worker's standing with the fleet, driven by the store's answers alone.
@Suite struct FleetHeartbeatTests {
    static func record(_ state: WorkerRecord.State = .ready) -> WorkerRecord {
        WorkerRecord(
            registration: WorkerRegistration(name: "w1", advertiseURL: "http://w1:7071", capacityMB: 512, version: "1"),
            state: state,
            registeredAt: Date(timeIntervalSince1970: 0),
            lastHeartbeatAt: Date(timeIntervalSince1970: 0)
        )
    }

    @Test func registersThenHeartbeatsAndReportsStateChanges() {
        var machine = FleetHeartbeat()
        #expect(machine.next == .register)
        let record = Self.record()
        #expect(machine.registered(.admitted(record)) == .joined(record.id, .ready))
        #expect(machine.next == .heartbeat(record.id))
        #expect(machine.heartbeatAnswered(.recorded(.ready)) == FleetHeartbeat.Action.none)
        #expect(machine.heartbeatAnswered(.recorded(.draining)) == .stateChanged(.draining))
        #expect(machine.heartbeatAnswered(.recorded(.draining)) == FleetHeartbeat.Action.none)
        #expect(machine.heartbeatAnswered(.recorded(.ready)) == .stateChanged(.ready))
        #expect(machine.next == .heartbeat(record.id))
    }

    @Test func revokedStopsServingAndAsksNothingMore() {
        var machine = FleetHeartbeat()
        _ = machine.registered(.admitted(Self.record()))
        #expect(machine.heartbeatAnswered(.revoked) == .stopServing(FleetHeartbeat.revokedReason))
        #expect(machine.next == .none)
        #expect(machine.heartbeatAnswered(.recorded(.ready)) == FleetHeartbeat.Action.none)
        #expect(machine.next == .none)

        var restarted = FleetHeartbeat()
        #expect(restarted.registered(.revoked) == .stopServing(FleetHeartbeat.revokedReason))
        #expect(restarted.next == .none)
    }

    @Test func anUnknownAnswerRegistersAgainAndARefusalStops() {
        var machine = FleetHeartbeat()
        _ = machine.registered(.admitted(Self.record()))
        #expect(machine.heartbeatAnswered(.unknown) == FleetHeartbeat.Action.none)
        #expect(machine.next == .register)
        #expect(machine.registered(.refused) == .stopServing(FleetHeartbeat.refusedReason))
        #expect(machine.next == .none)
    }

    @Test func theDefaultAdvertisedURLNamesTheBoundPort() {
        var configuration = WorkerConfiguration(dataDirectory: URL(fileURLWithPath: "/tmp/w"))
        configuration.host = "10.0.0.5"
        #expect(FleetHeartbeatService.defaultAdvertiseURL(configuration: configuration, port: 7071) == "http://10.0.0.5:7071")
        configuration.host = "::1"
        #expect(FleetHeartbeatService.defaultAdvertiseURL(configuration: configuration, port: 80) == "http://[::1]:80")
        configuration.host = "0.0.0.0"
        #expect(FleetHeartbeatService.defaultAdvertiseURL(configuration: configuration, port: 1).hasSuffix(":1"))
        #expect(!FleetHeartbeatService.defaultAdvertiseURL(configuration: configuration, port: 1).contains("0.0.0.0"))
    }
}
