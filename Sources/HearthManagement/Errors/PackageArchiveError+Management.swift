import HearthPackages

extension PackageArchiveError: ManagementErrorConvertible {
    var managementError: ManagementError {
        let code: ManagementError.Code =
            switch self.code {
            case .tooLarge: .payloadTooLarge
            case .falseSize, .suspiciousRatio: .zipBomb
            default: .invalidArchive
            }
        return ManagementError(code, "the package was refused and nothing was deployed: \(message)")
    }
}
