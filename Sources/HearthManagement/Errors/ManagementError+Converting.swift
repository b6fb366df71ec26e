extension ManagementError {
    /// What the API would answer for `error` (a store, validation or archive error), or `nil` for
    /// an error it would report as an internal error; for other front ends (the portal's pages).
    package static func converting(_ error: any Error) -> ManagementError? {
        if let error = error as? ManagementError { return error }
        if let convertible = error as? any ManagementErrorConvertible { return convertible.managementError }
        return nil
    }
}
