/// A profile's `publishMethod`: how a tool publishes with it.
///
/// Kept as a string wrapper so methods Hearth does not know (new tools, typos) survive an import.
public struct PublishMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The attribute's value, e.g. `ZipDeploy`.
    public var rawValue: String

    /// Wraps an attribute value.
    /// - Parameter rawValue: The `publishMethod` attribute.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Kudu's zip deployment (`POST {publishUrl}/api/zipdeploy`); the method Hearth serves.
    public static let zipDeploy = PublishMethod(rawValue: "ZipDeploy")
    /// Web Deploy (`msdeploy.axd`). Hearth does not serve it, but its `publishUrl` is the same
    /// SCM host, so `hearth publish` can zip-deploy with such a profile.
    public static let msDeploy = PublishMethod(rawValue: "MSDeploy")
    /// FTP or FTPS (also Azure's "ReadOnly - FTP" profile). Not usable for zip deployment.
    public static let ftp = PublishMethod(rawValue: "FTP")

    /// Whether the profile's `publishUrl` is a Kudu (SCM) endpoint that accepts `/api/zipdeploy`.
    public var reachesKudu: Bool { self == .zipDeploy || self == .msDeploy }

    /// The raw value.
    public var description: String { rawValue }
}
