import HearthSystem
import Testing

/// The worker's default capacity: `MemTotal` of `/proc/meminfo`, in MiB.
@Suite struct MachineMemoryTests {
    @Test func readsMemTotalInMiB() {
        let text = "MemTotal:       16314020 kB\nMemFree:         1218520 kB\nMemAvailable:    9001234 kB\n"
        #expect(MachineMemory.totalMB(meminfo: text) == 15931)
        #expect(MachineMemory.totalMB(meminfo: "MemFree: 12 kB\n") == nil)
        #expect(MachineMemory.totalMB(meminfo: "MemTotal: lots kB\n") == nil)
        #expect(MachineMemory.totalMB(meminfo: "MemTotal: 2048 MB\n") == nil)
    }

    @Test func thisMachineHasSome() throws {
        let total = try #require(MachineMemory.totalMB)
        #expect(total > 0)
    }
}
