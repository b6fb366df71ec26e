/// Versions Hearth reports.
public enum HearthVersion {
    /// This Hearth release.
    public static let current = "0.1.0"
    /// The Azure Functions host version whose interfaces Hearth follows (sent to handlers and workers).
    public static let compatibleHostVersion = "4.1037.0"
}
