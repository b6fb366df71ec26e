/// Text lines for an app's functions and their URLs.
enum FunctionLines {
    static func render(_ functions: [JSONObject]) -> [String] {
        guard !functions.isEmpty else { return ["functions: none"] }
        var lines = ["functions:"]
        for function in functions {
            var line = "  \(function.text("name")) [\(function.text("trigger"))]"
            if let level = function.string("authLevel") { line += " auth=\(level)" }
            if let schedule = function.string("schedule") { line += " schedule=\"\(schedule)\"" }
            if function.bool("disabled") == true { line += " (disabled)" }
            lines.append(line)
            if let url = function.string("invokeUrl") { lines.append("    \(url)") }
            if let url = function.string("invokeUrlPath") { lines.append("    \(url)") }
        }
        return lines
    }
}
