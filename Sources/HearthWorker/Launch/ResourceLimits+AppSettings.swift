import Foundation

extension ResourceLimits {
    /// The app settings that override the worker's default limits, all whole numbers.
    public enum SettingName {
        /// Memory limit in MiB (cgroup `memory.max`), 16–1048576.
        public static let memoryMB = "HEARTH_MEMORY_MB"
        /// Processes and threads (cgroup `pids.max`), 8–1048576.
        public static let maxProcesses = "HEARTH_MAX_PROCESSES"
        /// CPU weight (cgroup `cpu.weight`), 1–10000; 100 is an equal share.
        public static let cpuWeight = "HEARTH_CPU_WEIGHT"
        /// Size of `/tmp` in MiB, 1–1048576.
        public static let tmpMB = "HEARTH_TMP_MB"
        /// `false` cuts the app off the network: only its own loopback is left. Default `true`.
        public static let outboundNetwork = "HEARTH_OUTBOUND_NETWORK"
        /// Comma-separated destinations (`10.1.2.3`, `10.0.0.0/8:443`, `[2001:db8::/32]:443`): the only
        /// ones the app may connect to.
        public static let outboundAllow = "HEARTH_OUTBOUND_ALLOW"
    }

    /// `defaults`, with each setting of ``SettingName`` the app has applied.
    /// - Throws: ``WorkerError`` (`launchFailed`) naming the setting when a value is not a whole number in its range.
    public init(settings: [String: String], defaults: ResourceLimits) throws {
        self = defaults
        func read(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = settings[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw WorkerError(
                    .launchFailed,
                    "app setting \(name)='\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound); fix or remove the setting"
                )
            }
            return value
        }
        if let mb = try read(SettingName.memoryMB, 16...1_048_576) { memoryBytes = mb << 20 }
        if let count = try read(SettingName.maxProcesses, 8...1_048_576) { maxProcesses = count }
        if let weight = try read(SettingName.cpuWeight, 1...10_000) { cpuWeight = weight }
        if let mb = try read(SettingName.tmpMB, 1...1_048_576) { tmpBytes = mb << 20 }
        if let text = settings[SettingName.outboundNetwork]?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty {
            guard let allowed = ["true": true, "false": false][text] else {
                throw WorkerError(
                    .launchFailed,
                    "app setting \(SettingName.outboundNetwork)='\(text)' is neither 'true' nor 'false'; fix or remove the setting"
                )
            }
            outboundNetwork = allowed
        }
        if let text = settings[SettingName.outboundAllow]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            outboundAllow = try text.split(separator: ",").map { try OutboundRule(parsing: String($0)) }
        }
    }
}
