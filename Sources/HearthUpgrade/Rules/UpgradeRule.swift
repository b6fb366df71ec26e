internal import Foundation
internal import HearthCore

/// One row of the v1 → v4 fact sheet, as a stable id that appears in reports and tests.
///
/// Ids are `area.topic` (`settings.dashboard`, `host.queues.max-polling-interval`, `csharp.collector`);
/// ``section`` names the fact-sheet section (`§1` app settings, `§2` host.json, `§3` function.json,
/// `§4a` JavaScript, `§4b` C# script, `§4c` C# class library, `§5` behaviour, `§0`/`§7` framing and detection).
/// The full list is ``UpgradeRule/all``.
public struct UpgradeRule: Sendable, Hashable {
    /// The stable id, e.g. `settings.extension-version`.
    public var id: String
    /// The fact-sheet section, e.g. `§1`.
    public var section: String
    /// A one-line summary of the rule.
    public var title: String

    /// Creates a rule.
    /// - Parameters:
    ///   - id: The stable id.
    ///   - section: The fact-sheet section.
    ///   - title: The summary.
    public init(_ id: String, _ section: String, _ title: String) {
        self.id = id
        self.section = section
        self.title = title
    }

    /// The rule with `id`, if it is in ``all``.
    /// - Parameter id: A rule id.
    public static func named(_ id: String) -> UpgradeRule? { byID[id] }

    private static let byID: [String: UpgradeRule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
