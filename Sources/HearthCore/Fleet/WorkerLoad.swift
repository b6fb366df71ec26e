public import Foundation

/// What a worker reports with each heartbeat: how busy it is right now.
public struct WorkerLoad: Sendable, Hashable, Codable {
    /// Apps with a running language worker on this machine.
    public var appsRunning: Int
    /// Memory the sandboxes of those apps use, in bytes (0 when the worker cannot read it).
    public var sandboxMemoryBytes: Int64
    /// Invocations started and not yet finished.
    public var inFlightInvocations: Int
    /// Of those, the invocations of each app with any, by app id: what the placer's scale-out
    /// reads. Empty from a worker that does not report them.
    public var inFlightByApp: [UUID: Int]

    public init(appsRunning: Int = 0, sandboxMemoryBytes: Int64 = 0, inFlightInvocations: Int = 0, inFlightByApp: [UUID: Int] = [:]) {
        self.appsRunning = appsRunning
        self.sandboxMemoryBytes = sandboxMemoryBytes
        self.inFlightInvocations = inFlightInvocations
        self.inFlightByApp = inFlightByApp
    }

    private enum CodingKeys: String, CodingKey {
        case appsRunning, sandboxMemoryBytes, inFlightInvocations, inFlightByApp
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        appsRunning = try container.decode(Int.self, forKey: .appsRunning)
        sandboxMemoryBytes = try container.decode(Int64.self, forKey: .sandboxMemoryBytes)
        inFlightInvocations = try container.decode(Int.self, forKey: .inFlightInvocations)
        inFlightByApp = try container.decodeIfPresent([UUID: Int].self, forKey: .inFlightByApp) ?? [:]
    }

    /// No load: a worker that has not reported yet.
    public static let idle = WorkerLoad()

    /// ``inFlightByApp`` as the store keeps it: a JSON object of app id (upper-case) to count, or
    /// `nil` when empty.
    public var inFlightByAppJSON: String? {
        guard !inFlightByApp.isEmpty else { return nil }
        let entries = inFlightByApp.sorted { $0.key.uuidString < $1.key.uuidString }.map { "\"\($0.key.uuidString)\":\($0.value)" }
        return "{" + entries.joined(separator: ",") + "}"
    }

    /// Reads ``inFlightByAppJSON``; anything unreadable (entries that are not an app id and a count
    /// of 0 or more) is left out.
    public static func inFlightByApp(json: String?) -> [UUID: Int] {
        guard let data = json?.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var result: [UUID: Int] = [:]
        for (key, value) in object {
            guard let id = UUID(uuidString: key), let count = value as? Int, count >= 0 else { continue }
            result[id] = count
        }
        return result
    }
}
