import HearthManagement

/// Text lines for an app's functions and their URLs.
enum FunctionLines {
    static func render(_ functions: [FunctionDTO]) -> [String] {
        guard !functions.isEmpty else { return ["functions: none"] }
        var lines = ["functions:"]
        for function in functions {
            var line = "  \(function.name) [\(function.trigger)]"
            if let level = function.authLevel { line += " auth=\(level)" }
            if let schedule = function.schedule { line += " schedule=\"\(schedule)\"" }
            if function.disabled == true { line += " (disabled)" }
            lines.append(line)
            if let url = function.invokeUrl { lines.append("    \(url)") }
            if let url = function.invokeUrlPath { lines.append("    \(url)") }
        }
        return lines
    }
}
