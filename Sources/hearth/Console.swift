import Foundation

/// Output for people: written straight to stdout (unbuffered, so a token or address reaches a log
/// file or pipe at once, even when stdout is not a terminal).
enum Console {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A line on stderr (errors).
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
