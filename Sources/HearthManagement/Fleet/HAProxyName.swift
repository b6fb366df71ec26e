/// Turns fleet names into HAProxy identifiers (backend and server names).
///
/// HAProxy accepts letters, digits, `-`, `_`, `.` and `:` in a name. A name made only of those is
/// kept as it is, so the runtime API addresses a worker's server by the worker's name; any other
/// name has each other character replaced with `_` and a hash of the original appended, so two
/// names that differ only there stay apart and the result is the same in every run.
package enum HAProxyName {
    /// The backend of every worker: the default backend, and the servers every health check targets.
    package static let workersBackend = "hearth_workers"

    /// The backend of an app: `app_{name}`.
    package static func backend(app: String) -> String {
        "app_" + identifier(app)
    }

    /// A worker's server name, the same in every backend.
    package static func server(worker: String) -> String {
        identifier(worker)
    }

    /// `name` as an HAProxy identifier (see ``HAProxyName``).
    package static func identifier(_ name: String) -> String {
        let allowed = name.unicodeScalars.allSatisfy(isAllowed)
        if allowed && !name.isEmpty { return name }
        let kept = String(String.UnicodeScalarView(name.unicodeScalars.map { isAllowed($0) ? $0 : "_" }))
        return kept + "-" + fnv1a(name)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":": true
        default: false
        }
    }

    /// FNV-1a (32 bits) of the UTF-8 bytes, as 8 hex digits: stable across runs, unlike `hashValue`.
    private static func fnv1a(_ name: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
