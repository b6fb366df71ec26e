import Foundation

/// Small text helpers of the code editor.
enum CodeText {
    /// The CodeMirror 5 mode for a file, by extension (`""`: plain text).
    static func mode(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "py": "python"
        case "js", "mjs", "cjs": "javascript"
        case "json": "application/json"
        case "sh", "bash": "shell"
        default: ""
        }
    }

    /// A browser's text area sends CRLF line ends; files keep LF.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// A path as a query value (`Hello/__init__.py` → `Hello%2F__init__.py`).
    static func queryEncoded(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
