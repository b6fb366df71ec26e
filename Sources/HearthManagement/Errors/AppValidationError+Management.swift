import HearthCore

extension AppValidationError: ManagementErrorConvertible {
    var managementError: ManagementError {
        let details = issues.map {
            ErrorDetail(file: $0.file, path: $0.jsonPath, problem: $0.problem, fix: $0.fix, location: $0.position == nil ? nil : $0.location)
        }
        let count = issues.count
        var message =
            "the app in the package is not valid (\(count) problem\(count == 1 ? "" : "s")); nothing was deployed and the active deployment keeps serving"
        if let first = issues.first {
            message += ". First: \(first.description)"
        }
        return ManagementError(.validationFailed, message, details: details)
    }
}
