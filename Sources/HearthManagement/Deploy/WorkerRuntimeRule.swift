package import HearthCore

/// Hearth runs an app only with a worker it has: Python, Node.js or a custom handler. An app whose
/// `FUNCTIONS_WORKER_RUNTIME` names another runtime (`dotnet-isolated`, `dotnet`, `java`, `powershell` …)
/// and that has no `customHandler` in host.json would otherwise be accepted and then started as a
/// custom handler with no executable, so deployments and settings changes refuse it, naming the
/// runtime and what Hearth runs. (Triggers Hearth cannot run are refused by HearthCore's loader.)
package enum WorkerRuntimeRule {
    static let settingName = "FUNCTIONS_WORKER_RUNTIME"
    /// The `FUNCTIONS_WORKER_RUNTIME` values Hearth has a worker for.
    static let runnable = ["python", "node", "custom"]
    /// What Hearth runs, for messages.
    static let hearthRuns =
        "Hearth runs python, node and custom handler apps (FUNCTIONS_WORKER_RUNTIME python, node or custom) "
        + "whose functions use httpTrigger, timerTrigger or queueTrigger"

    /// The problem of a deployment run by `worker`, as a validation issue on the app settings;
    /// `nil` when Hearth has a worker for it.
    static func issue(for worker: AppWorkerKind) -> AppValidationIssue? {
        guard case .other(let runtime) = worker else { return nil }
        return AppValidationIssue(
            severity: .error,
            file: "app settings",
            jsonPath: settingName,
            problem: problem(runtime),
            fix: "set \(settingName) to python, node or custom (with a customHandler section in host.json), "
                + "or run this app on Azure Functions"
        )
    }

    /// Refuses (422) a settings change that sets `FUNCTIONS_WORKER_RUNTIME` (any case) to a runtime
    /// Hearth has no worker for. A value the app already has is left alone, so re-sending every
    /// setting still works.
    /// - Parameters:
    ///   - updates: The settings being set.
    ///   - current: The app's settings now.
    package static func validate(_ updates: [AppSetting], current: [AppSetting]) throws {
        let name = settingName.lowercased()
        for setting in updates where setting.name.lowercased() == name {
            guard case .other(let runtime) = AppWorkerKind(workerRuntime: setting.value, hasCustomHandler: nil) else { continue }
            if current.contains(where: { $0.name.lowercased() == name && $0.value == setting.value }) { continue }
            throw ManagementError(
                .validationFailed,
                "setting '\(setting.name)': \(problem(runtime)); set it to python, node or custom. Nothing was changed."
            )
        }
    }

    private static func problem(_ runtime: String) -> String {
        "\(settingName) is '\(runtime)', a runtime Hearth has no worker for, so the app cannot run; \(hearthRuns)"
    }
}
