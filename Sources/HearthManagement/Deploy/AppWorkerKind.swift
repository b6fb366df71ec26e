/// Which worker runs an app, decided as the host decides it (HearthWorker's `AppCatalog`): a
/// `customHandler` (or legacy `httpWorker`) section in host.json makes it a custom handler whatever
/// `FUNCTIONS_WORKER_RUNTIME` says; otherwise `python` runs the Python worker and `node` Hearth's
/// Node worker. The portal's apps list shows ``label``.
package enum AppWorkerKind: Sendable, Hashable {
    case customHandler
    case python
    case node
    /// `FUNCTIONS_WORKER_RUNTIME` names a runtime Hearth has no worker for (shown as named).
    case other(String)
    /// No custom handler and no `FUNCTIONS_WORKER_RUNTIME`.
    case notSet

    /// - Parameters:
    ///   - workerRuntime: The `FUNCTIONS_WORKER_RUNTIME` setting, if any (any case).
    ///   - hasCustomHandler: Whether host.json configures a custom handler; `nil` when unknown
    ///     (no deployment to read), then the setting alone decides.
    package init(workerRuntime: String?, hasCustomHandler: Bool?) {
        if hasCustomHandler == true {
            self = .customHandler
            return
        }
        switch workerRuntime?.lowercased() {
        case nil, "": self = .notSet
        case "python": self = .python
        case "node": self = .node
        case "custom": self = .customHandler
        case let other?: self = .other(other)
        }
    }

    /// "custom handler", "python", "node", the setting's value, or "not set".
    package var label: String {
        switch self {
        case .customHandler: "custom handler"
        case .python: "python"
        case .node: "node"
        case .other(let name): name
        case .notSet: "not set"
        }
    }
}
