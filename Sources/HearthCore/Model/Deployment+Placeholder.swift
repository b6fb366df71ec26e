extension Deployment {
    /// The package address of a deployment whose upload is not kept: a Kudu deployment still
    /// queued, or one that failed validation (its record and log are kept so Kudu clients can poll
    /// for the failure, but the refused zip is not stored). The store holds an empty package under
    /// this address (migration 0002); it is never a real SHA-256 in practice and never served.
    public static let noPackageSHA256 = String(repeating: "0", count: 64)

    /// Whether the deployment refers to a stored package (not ``noPackageSHA256``).
    public var hasPackage: Bool { packageSHA256 != Self.noPackageSHA256 }
}
