import Foundation

/// The app settings the placer reads, parsed: how many instances an app keeps and may scale out
/// to, how many stay started, its scale-out target and its memory limit.
///
/// A value that is not a whole number in its range is ignored (the default applies) and reported
/// in ``problems``, one sentence per setting naming it and its range, so the placer logs it and
/// the settings API refuses it (``problem(name:value:)``). Never the value itself in the sentence
/// (settings may be secret).
///
/// ```swift
/// let parsed = FleetAppSettings(["HEARTH_INSTANCES": "2"])
/// parsed.instances  // 2
/// ```
public struct FleetAppSettings: Sendable, Hashable {
    /// The setting names, with their ranges.
    public enum Name {
        /// The fewest instances (default 1; 0 places the app only while a queue trigger has work).
        public static let instances = "HEARTH_INSTANCES"
        /// The most instances scale-out gives the app (default: the placer's, 10).
        public static let maxInstances = "HEARTH_MAX_INSTANCES"
        /// How many of its instances are kept started (default 0: start on demand, idle to zero).
        public static let alwaysReady = "HEARTH_ALWAYS_READY"
        /// In-flight invocations per instance above which the app scales out (default 16).
        public static let targetInFlight = "HEARTH_TARGET_INFLIGHT"
        /// The app's memory limit in MiB (the worker's `HEARTH_MEMORY_MB`), what one instance takes
        /// from a worker's capacity (default 512, the worker's default limit).
        public static let memoryMB = "HEARTH_MEMORY_MB"
    }

    /// The most instances any of these settings may ask for.
    public static let instanceLimit = 1000

    public static let ranges: [String: ClosedRange<Int>] = [
        Name.instances: 0...instanceLimit,
        Name.maxInstances: 1...instanceLimit,
        Name.alwaysReady: 0...instanceLimit,
        Name.targetInFlight: 1...1_000_000,
        Name.memoryMB: 16...1_048_576,
    ]

    public var instances = 1
    public var maxInstances: Int?
    public var alwaysReady = 0
    public var targetInFlight = 16
    public var memoryMB = 512
    /// One sentence per ignored setting, naming it.
    public var problems: [String] = []

    /// Parses `settings` (by name); settings it does not read are ignored.
    public init(_ settings: [String: String]) {
        func read(_ name: String) -> Int? {
            guard let text = settings[name] else { return nil }
            if let problem = Self.problem(name: name, value: text) {
                problems.append(problem)
                return nil
            }
            return Self.value(text)
        }
        if let value = read(Name.instances) { instances = value }
        maxInstances = read(Name.maxInstances)
        if let value = read(Name.alwaysReady) { alwaysReady = value }
        if let value = read(Name.targetInFlight) { targetInFlight = value }
        if let value = read(Name.memoryMB) { memoryMB = value }
    }

    /// Why `value` is not a valid value of setting `name`, or `nil` when it is (or the setting is
    /// not one of ``Name``). An empty value counts as unset.
    public static func problem(name: String, value: String) -> String? {
        guard let range = ranges[name] else { return nil }
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if let number = Int(text), range.contains(number) { return nil }
        return "app setting \(name) is not a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    private static func value(_ text: String) -> Int? { Int(text.trimmingCharacters(in: .whitespaces)) }

    /// The app as the placer sees it, with these settings: it keeps at least ``instances`` and at
    /// least ``alwaysReady`` instances (those kept started need workers to run on).
    public func fleetApp(
        id: String,
        queueTriggered: Bool = false,
        placement: [String],
        load: [FleetLoadSample] = []
    ) -> FleetApp {
        FleetApp(
            id: id,
            memoryLimitMB: memoryMB,
            desiredInstances: max(instances, alwaysReady),
            maxInstances: maxInstances.map { max($0, instances, alwaysReady) },
            perInstanceTarget: targetInFlight,
            queueTriggered: queueTriggered,
            placement: placement,
            load: load
        )
    }
}
