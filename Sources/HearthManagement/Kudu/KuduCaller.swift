import HearthCore

/// Who called a Kudu endpoint, for which app: the publishing user (HTTP Basic) or an API token.
struct KuduCaller: Sendable {
    /// The app the request is for.
    var app: AppRecord
    /// Recorded as the deployment's author when the client names none.
    var name: String
    /// Whether the caller may deploy (publishing credentials always may; reader tokens may not).
    var canWrite: Bool
}
