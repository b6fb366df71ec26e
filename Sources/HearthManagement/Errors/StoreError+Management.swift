import HearthStore

extension StoreError: ManagementErrorConvertible {
    /// Not-found, conflict and invalid-state errors carry messages meant for callers; the rest are
    /// server faults and are reported as 500 by the error middleware.
    var managementError: ManagementError {
        switch code {
        case .notFound: ManagementError(.notFound, message)
        case .conflict: ManagementError(.conflict, message)
        case .invalidState: ManagementError(.conflict, message)
        default: ManagementError(.internalError, "the store failed; see the server log")
        }
    }

    /// Whether the failure is the caller's (and so need not be logged as a server fault).
    var isCallerError: Bool { code == .notFound || code == .conflict || code == .invalidState }
}
