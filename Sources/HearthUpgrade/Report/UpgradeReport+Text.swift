internal import Foundation

extension UpgradeReport {
    /// The report for a terminal: detection, changes as `file:line before → after [rule]`, then manual steps by severity.
    public func text() -> String {
        var out: [String] = []
        out.append("hearth upgrade \(app): \(source.sourceVersion) → \(target)")
        let languages = source.languages.map(\.rawValue).joined(separator: ", ")
        out.append("languages: \(languages.isEmpty ? "none found" : languages); FUNCTIONS_WORKER_RUNTIME=\(source.workerRuntime ?? "(none)")")
        if !source.signals.isEmpty {
            out.append("")
            out.append("Detected (\(source.signals.count)):")
            for s in source.signals { out.append("  \(Self.location(s.file, s.line))  \(s.message)") }
        }
        out.append("")
        out.append("Changes (\(changes.count)):")
        for c in changes {
            out.append("  \(Self.location(c.file, c.line))  \(c.before ?? "(new)") → \(c.after ?? "(removed)")  [\(c.rule)]")
        }
        out.append("")
        out.append("Manual steps (\(summary.blocking) blocking, \(summary.warning) warning, \(summary.info) info):")
        for m in manualSteps {
            let location = m.file.map { "\(Self.location($0, m.line))  " } ?? ""
            out.append("  [\(m.severity)] \(location)\(m.message)  [\(m.rule)]")
            out.append("      fix: \(m.fix)")
        }
        out.append("")
        out.append("Files: \(files.created.count) created, \(files.modified.count) modified, \(files.deleted.count) deleted.")
        out.append(outputLine)
        return out.joined(separator: "\n") + "\n"
    }

    var outputLine: String {
        switch output.mode {
        case "dry-run": return "Dry run: nothing was written."
        case "in-place":
            guard let directory = output.directory else { return "Nothing to change; nothing was written." }
            return "Upgraded in place: \(directory)" + (output.backup.map { " (backup: \($0))" } ?? "")
        case "out": return "Upgraded app written to \(output.directory ?? "?")."
        default: return "Plan only: nothing was written."
        }
    }

    static func location(_ file: String, _ line: Int?) -> String {
        line.map { "\(file):\($0)" } ?? file
    }
}
