import HearthCore

extension HearthError: ManagementErrorConvertible {
    var managementError: ManagementError {
        ManagementError(code == .invalidName ? .invalidName : .badRequest, description)
    }
}
