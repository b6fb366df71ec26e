import Foundation
import HearthCore
import HearthUpgrade

/// The pure parts of ``DeployTimeUpgrade``: report lines, settings to apply, names only in
/// `local.settings.json`.
extension DeployTimeUpgrade {
    /// One line per change, then one per manual step, of the report, leaving out what concerns
    /// `local.settings.json` (not deployed; the settings applied to the app are logged instead).
    static func warnings(for plan: UpgradePlan) -> [String] {
        func location(_ file: String?, _ line: Int?) -> String {
            guard let file else { return "" }
            return (line.map { "\(file):\($0)" } ?? file) + " "
        }
        let changes = plan.changes.filter { $0.file != localSettingsFile }.map { change in
            "upgrade: \(location(change.file, change.line))\(change.before ?? "(new)") → \(change.after ?? "(removed)") [\(change.rule)]"
        }
        let steps = plan.manualSteps.filter { $0.file != localSettingsFile }.map { step in
            "upgrade [\(step.severity)]: \(location(step.file, step.line))\(step.message) Fix: \(step.fix) [\(step.rule)]"
        }
        return changes + steps
    }

    /// The implied settings with their values: those the app does not already have with that value,
    /// and the names of those that copy a setting the app lacks.
    static func resolve(
        _ implied: [ImpliedSetting],
        current: [String: String]
    ) -> (apply: [(name: String, value: String)], unresolved: [String]) {
        var apply: [(name: String, value: String)] = []
        var unresolved: [String] = []
        for setting in implied where !apply.contains(where: { $0.name == setting.name }) {
            let value: String
            switch setting.value {
            case .literal(let literal):
                value = literal
            case .copy(let source):
                guard let copied = current[source] else {
                    unresolved.append(setting.name)
                    continue
                }
                value = copied
            }
            if current[setting.name] != value { apply.append((setting.name, value)) }
        }
        return (apply, unresolved)
    }

    /// The names in `local.settings.json`'s `Values` the app has no setting for, sorted; `nil` when
    /// the file is not a JSON object. Values are never read out.
    static func localOnlyNames(_ file: Data, current: [String: String]) -> [String]? {
        guard let root = try? JSONSerialization.jsonObject(with: file) as? [String: Any] else { return nil }
        let values = root.first { $0.key.lowercased() == "values" }?.value as? [String: Any] ?? [:]
        return values.keys.filter { current[$0] == nil }.sorted()
    }
}
