import Foundation

/// This machine's memory as the kernel reports it (`/proc/meminfo`'s `MemTotal`): the default
/// capacity a worker offers the fleet.
public enum MachineMemory {
    /// Total memory in MiB, or `nil` when `/proc/meminfo` cannot be read (not Linux).
    public static var totalMB: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        return totalMB(meminfo: text)
    }

    /// `MemTotal` of a `/proc/meminfo` text (`MemTotal:  16314020 kB`) in MiB, or `nil` without one.
    public static func totalMB(meminfo text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.dropFirst("MemTotal:".count).split(separator: " ", omittingEmptySubsequences: true)
            guard let kilobytes = fields.first.flatMap({ Int($0) }) else { return nil }
            let unit = fields.count > 1 ? fields[1].lowercased() : "kb"
            guard unit == "kb" else { return nil }
            return kilobytes / 1024
        }
        return nil
    }
}
