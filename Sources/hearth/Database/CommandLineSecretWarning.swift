import Foundation

/// A connection string given with `--store` is on the process's command line, which every local
/// user can read (`ps`, `/proc/PID/cmdline`): when it carries a password, say so and name the fix.
enum CommandLineSecretWarning {
    static func check(store: String?) {
        guard let store else { return }
        let text = store.lowercased().replacingOccurrences(of: " ", with: "")
        let hasPassword =
            text.contains("password=") || text.contains("pwd=")
            || (text.hasPrefix("mssql://") && text.dropFirst(8).prefix { $0 != "@" }.contains(":"))
        guard hasPassword else { return }
        FileHandle.standardError.write(
            Data(
                "WARNING: --store carries a password on the command line, where every local user can read it (ps); pass the connection string in HEARTH_STORE instead\n"
                    .utf8
            )
        )
    }
}
