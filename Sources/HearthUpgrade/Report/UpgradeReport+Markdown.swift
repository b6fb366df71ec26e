internal import Foundation

extension UpgradeReport {
    /// The report as Markdown (for pull requests and tickets): summary, a change table, a manual-step table.
    public func markdown() -> String {
        func cell(_ s: String?) -> String {
            guard let s, !s.isEmpty else { return "" }
            return "`" + s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") + "`"
        }
        func plain(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out: [String] = []
        out.append("# Upgrade of `\(app)`: \(source.sourceVersion) → \(target)")
        out.append("")
        let languages = source.languages.map(\.rawValue).joined(separator: ", ")
        out.append("- Languages: \(languages.isEmpty ? "none found" : languages)")
        out.append("- FUNCTIONS_WORKER_RUNTIME: `\(source.workerRuntime ?? "(none)")`")
        out.append("- \(summary.changes) changes; \(summary.blocking) blocking, \(summary.warning) warning, \(summary.info) info manual steps")
        out.append("- Files: \(files.created.count) created, \(files.modified.count) modified, \(files.deleted.count) deleted")
        out.append("- \(outputLine)")
        out.append("")
        out.append("## Changes")
        out.append("")
        out.append("| File | Line | Before | After | Rule |")
        out.append("|---|---|---|---|---|")
        for c in changes {
            out.append("| \(plain(c.file)) | \(c.line.map(String.init) ?? "") | \(cell(c.before)) | \(cell(c.after)) | `\(c.rule)` |")
        }
        out.append("")
        out.append("## Manual steps")
        out.append("")
        out.append("| Severity | File | Line | Problem | Fix | Rule |")
        out.append("|---|---|---|---|---|---|")
        for m in manualSteps {
            out.append(
                "| **\(m.severity)** | \(plain(m.file ?? "")) | \(m.line.map(String.init) ?? "") | \(plain(m.message)) | \(plain(m.fix)) | `\(m.rule)` |"
            )
        }
        return out.joined(separator: "\n") + "\n"
    }
}
