internal import Foundation
internal import HearthCore

/// Collects what the upgraders decide: new file texts, changes, manual steps and app-setting edits.
///
/// A reference type so the per-section upgraders can share one without threading `inout` through.
final class PlanBuilder {
    /// An app setting to add or replace, decided while reading other files (e.g. a function's `disabled`).
    struct SettingEdit {
        var key: String
        var value: String
        var rule: String
        /// Where the value came from, for the change's `before`.
        var origin: String
    }

    let app: AppInventory
    private(set) var texts: [String: String] = [:]
    private(set) var deletions: Set<String> = []
    private(set) var changes: [UpgradeChange] = []
    private(set) var steps: [ManualStep] = []
    var settingEdits: [SettingEdit] = []
    /// Settings the app needs on the server, beyond `local.settings.json` (see ``ImpliedSetting``).
    var impliedSettings: [ImpliedSetting] = []

    init(app: AppInventory) { self.app = app }

    /// The current text of a file: as planned so far, else as read.
    func currentText(_ path: String) -> String? { texts[path] ?? app.text(path) }

    /// Plans new contents for a file; a no-op if nothing differs.
    func write(_ path: String, _ text: String) {
        if app.text(path) == text { texts[path] = nil } else { texts[path] = text }
    }

    /// Plans new JSON contents, in the original file's indentation; a no-op if the value is unchanged.
    func writeJSON(_ path: String, _ value: JSONValue) {
        if let original = app.json[path], original == value, texts[path] == nil { return }
        var text = value.fileText
        if let unit = app.text(path).flatMap(Self.indentUnit), unit != "  " {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { (line: Substring) -> String in
                let spaces = line.prefix { $0 == " " }.count
                return String(repeating: unit, count: spaces / 2) + line.dropFirst(spaces)
            }.joined(separator: "\n")
        }
        if let original = app.text(path), Self.hasComments(original) {
            step(
                .info,
                "json.comments",
                file: path,
                line: nil,
                "\(path) had comments; rewriting it as JSON dropped them.",
                fix: "Copy any comment you still need from the backup into documentation."
            )
        }
        if let original = app.text(path), original.contains("\r\n") { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        write(path, text)
    }

    /// Whether a JSON text has `//` or `/* */` comments outside strings.
    static func hasComments(_ text: String) -> Bool {
        var inString = false
        var escaped = false
        var previous: Character = " "
        for c in text {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if previous == "/" && (c == "/" || c == "*") {
                return true
            }
            previous = inString ? " " : c
        }
        return false
    }

    /// The indentation of the first indented line (`"  "`, `"    "`, `"\t"`), if any.
    static func indentUnit(_ text: String) -> String? {
        for line in text.split(separator: "\n") {
            let lead = line.prefix { $0 == " " || $0 == "\t" }
            if !lead.isEmpty { return String(lead) }
        }
        return nil
    }

    func delete(_ path: String) { deletions.insert(path) }

    func change(_ file: String, line: Int?, before: String?, after: String?, rule: String) {
        precondition(UpgradeRule.named(rule) != nil, "unknown rule \(rule)")
        changes.append(UpgradeChange(file: file, line: line, before: before, after: after, rule: rule))
    }

    func step(
        _ severity: ManualStep.Severity,
        _ rule: String,
        file: String? = nil,
        line: Int? = nil,
        _ message: String,
        fix: String
    ) {
        precondition(UpgradeRule.named(rule) != nil, "unknown rule \(rule)")
        let step = ManualStep(severity: severity, file: file, line: line, message: message, fix: fix, rule: rule)
        // One step per rule and place: overlapping patterns (IBinder / Binder binder) report once.
        let samePlace = line != nil && steps.contains { $0.rule == rule && $0.file == file && $0.line == line && $0.severity == severity }
        if !samePlace && !steps.contains(step) { steps.append(step) }
    }

    func hasStep(rule: String) -> Bool { steps.contains { $0.rule == rule } }

    func plan(target: String, detection: UpgradeDetection) -> UpgradePlan {
        let writes = texts.filter { !deletions.contains($0.key) }.mapValues { Data($0.utf8) }
        let created = writes.keys.filter { app.files[$0] == nil }
        let sortedChanges = changes.enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            let la = a.element.line ?? 0
            let lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        let sortedSteps = steps.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if x.severity != y.severity { return x.severity < y.severity }
            if (x.file ?? "") != (y.file ?? "") { return (x.file ?? "") < (y.file ?? "") }
            if (x.line ?? 0) != (y.line ?? 0) { return (x.line ?? 0) < (y.line ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
        var plan = UpgradePlan(
            target: target,
            detection: detection,
            writes: writes,
            deletions: deletions.filter { app.files[$0] != nil }.sorted(),
            changes: sortedChanges,
            manualSteps: sortedSteps,
            createdFiles: created
        )
        plan.impliedSettings = impliedSettings
        return plan
    }
}
