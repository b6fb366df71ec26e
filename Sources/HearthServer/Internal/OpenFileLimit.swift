import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The process's open-file limit (RLIMIT_NOFILE), which every connection, app process pipe and
/// database file counts against: raised to the hard limit at start, and compared with the
/// connection caps so that a cap is reached before the process runs out of descriptors.
enum OpenFileLimit {
    /// Descriptors kept for everything but client connections (store, app handlers, logs).
    static let reserve = 512

    /// Raises the soft limit to the hard one; returns the limit now in force (`nil` if unknown).
    static func raise() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(clamping: limit.rlim_cur)
    }

    /// A warning when `listeners` caps of `maxConnections` each could use up `limit` descriptors.
    static func warning(limit: Int, listeners: Int, maxConnections: Int) -> String? {
        let needed = listeners * maxConnections + reserve
        guard needed > limit else { return nil }
        return
            "\(listeners) listener(s) × --max-connections \(maxConnections) exceed the open-file limit of \(limit) less \(reserve) kept for the rest: lower --max-connections to \(max(1, (limit - reserve) / max(1, listeners))) or raise the limit (ulimit -n, LimitNOFILE=)"
    }
}
