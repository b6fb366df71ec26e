import HearthCore
import Testing

@Suite struct FleetAppSettingsTests {
    @Test func noSettingsGiveTheDefaults() {
        let parsed = FleetAppSettings([:])
        #expect(parsed.instances == 1)
        #expect(parsed.maxInstances == nil)
        #expect(parsed.alwaysReady == 0)
        #expect(parsed.targetInFlight == 16)
        #expect(parsed.memoryMB == 512)
        #expect(parsed.problems.isEmpty)
    }

    @Test func wholeNumbersInRangeAreRead() {
        let parsed = FleetAppSettings([
            "HEARTH_INSTANCES": " 2 ", "HEARTH_MAX_INSTANCES": "5", "HEARTH_ALWAYS_READY": "1", "HEARTH_TARGET_INFLIGHT": "40",
            "HEARTH_MEMORY_MB": "256", "OTHER": "x",
        ])
        #expect(parsed.instances == 2)
        #expect(parsed.maxInstances == 5)
        #expect(parsed.alwaysReady == 1)
        #expect(parsed.targetInFlight == 40)
        #expect(parsed.memoryMB == 256)
        #expect(parsed.problems.isEmpty)
        let app = parsed.fleetApp(id: "a", placement: ["w1"])
        #expect(app == FleetApp(id: "a", memoryLimitMB: 256, desiredInstances: 2, maxInstances: 5, perInstanceTarget: 40, placement: ["w1"]))
    }

    @Test(arguments: [
        "-1", "1000001", "99999999999999999999999999", "two", "1.5", "0x10", "1e3", "\u{0}", "<script>", String(repeating: "9", count: 5000),
    ])
    func hostileValuesGiveAWarningNamingTheSettingAndTheDefault(value: String) {
        let parsed = FleetAppSettings(["HEARTH_INSTANCES": value, "HEARTH_TARGET_INFLIGHT": value, "HEARTH_MAX_INSTANCES": value])
        #expect(parsed.instances == 1)
        #expect(parsed.targetInFlight == 16)
        #expect(parsed.maxInstances == nil)
        #expect(
            parsed.problems == [
                "app setting HEARTH_INSTANCES is not a whole number from 0 to 1000",
                "app setting HEARTH_MAX_INSTANCES is not a whole number from 1 to 1000",
                "app setting HEARTH_TARGET_INFLIGHT is not a whole number from 1 to 1000000",
            ]
        )
        #expect(parsed.problems.allSatisfy { !$0.contains(value) })
    }

    @Test func anEmptyValueCountsAsUnset() {
        #expect(FleetAppSettings(["HEARTH_INSTANCES": "  "]) == FleetAppSettings([:]))
        #expect(FleetAppSettings.problem(name: "HEARTH_INSTANCES", value: "") == nil)
        #expect(FleetAppSettings.problem(name: "UNRELATED", value: "-5") == nil)
    }

    @Test func aMaximumBelowTheInstancesIsRaisedToThem() {
        let app = FleetAppSettings(["HEARTH_INSTANCES": "4", "HEARTH_MAX_INSTANCES": "2"]).fleetApp(id: "a", placement: [])
        #expect(app.desiredInstances == 4)
        #expect(app.maxInstances == 4)
    }

    @Test func alwaysReadyInstancesAreKeptPlaced() {
        let app = FleetAppSettings(["HEARTH_INSTANCES": "1", "HEARTH_ALWAYS_READY": "3", "HEARTH_MAX_INSTANCES": "2"]).fleetApp(
            id: "a",
            placement: []
        )
        #expect(app.desiredInstances == 3)
        #expect(app.maxInstances == 3)
    }
}
