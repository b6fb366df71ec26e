/// bwrap's options in an anonymous memory file, read by `bwrap --args FD` (the command after `--`
/// stays on the command line: bwrap takes only options from the file).
///
/// `/proc/PID/cmdline` is readable by every local user, and an app's settings (its secrets
/// among them) become `--setenv NAME VALUE` arguments; passed this way, `ps` shows only
/// `bwrap --args 5`. The file lives in memory only (`memfd_create(2)`), never on a disk, and is
/// gone when the last descriptor closes.
enum BubblewrapArgumentsFile {
    /// The descriptor bwrap is given for its arguments (after the info and block pipes).
    static let descriptor: Int32 = 5

    /// A memory file holding `arguments` NUL-separated, positioned at its start.
    static func make(_ arguments: [String]) throws(WorkerError) -> MemoryFile {
        var bytes: [UInt8] = []
        for argument in arguments {
            bytes += argument.utf8
            bytes.append(0)
        }
        return try MemoryFile.make(bytes, purpose: "the sandbox's arguments")
    }
}
