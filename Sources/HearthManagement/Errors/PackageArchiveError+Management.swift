import HearthStore

extension PackageArchiveError: ManagementErrorConvertible {
    var managementError: ManagementError {
        let code: ManagementError.Code = (self.code == .tooLarge) ? .payloadTooLarge : .invalidArchive
        return ManagementError(code, "the package was refused and nothing was deployed: \(message)")
    }
}
