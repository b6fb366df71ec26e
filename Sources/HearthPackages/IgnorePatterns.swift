import Foundation

/// `.funcignore` / `.gitignore`-style exclusion, the subset deployment tools use: blank lines and
/// `#` comments skipped; `name/` matches folders only; a pattern with a `/` matches the relative
/// path from the root; otherwise it matches any path component. `*` and `?` are globs.
enum IgnorePatterns {
    /// Always left out of a deployment package.
    static let builtIn = [".git/", ".hearth/", "local.settings.json", ".funcignore", ".vscode/"]

    static func matches(_ relativePath: String, isDirectory: Bool, patterns: [String]) -> Bool {
        for raw in builtIn + patterns {
            var pattern = raw.trimmingCharacters(in: .whitespaces)
            if pattern.isEmpty || pattern.hasPrefix("#") || pattern.hasPrefix("!") { continue }
            var directoryOnly = false
            if pattern.hasSuffix("/") {
                directoryOnly = true
                pattern.removeLast()
            }
            if directoryOnly && !isDirectory { continue }
            if pattern.hasPrefix("/") { pattern.removeFirst() }
            if pattern.contains("/") {
                if fnmatch(pattern, relativePath, 0) == 0 { return true }
            } else if let last = relativePath.split(separator: "/").last, fnmatch(pattern, String(last), 0) == 0 {
                return true
            }
        }
        return false
    }
}
