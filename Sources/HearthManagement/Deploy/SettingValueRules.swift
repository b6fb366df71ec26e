package import HearthCore

/// App setting values become environment variables of the app's process, so they are bounded:
/// no NUL (an environment string ends at NUL), at most ``maxValueBytes`` each and
/// ``maxTotalBytes`` for all of an app's settings (names and values) together. Linux refuses to
/// start a process whose environment is too large ("Argument list too long"); these limits keep
/// every app startable. Errors name the setting and the limit, never the value (it may be secret).
package enum SettingValueRules {
    static let maxValueBytes = 32 << 10
    static let maxTotalBytes = 256 << 10

    /// Checks the values being set, and all of the app's settings once they are applied; a
    /// `FUNCTIONS_WORKER_RUNTIME` Hearth has no worker for is refused (``WorkerRuntimeRule``), and
    /// so is a placement setting (`HEARTH_INSTANCES`, `HEARTH_MAX_INSTANCES`, `HEARTH_ALWAYS_READY`,
    /// `HEARTH_TARGET_INFLIGHT`) that is not a whole number in its range (``FleetAppSettings``).
    /// - Parameters:
    ///   - updates: The settings being set.
    ///   - current: The app's settings now.
    package static func validate(_ updates: [AppSetting], current: [AppSetting]) throws {
        try WorkerRuntimeRule.validate(updates, current: current)
        for setting in updates {
            if setting.value.utf8.contains(0) {
                throw ManagementError(
                    .badRequest,
                    "the value of setting '\(setting.name)' contains a NUL character; remove it (values become environment variables, which cannot hold NUL). Nothing was changed."
                )
            }
            if setting.name != FleetAppSettings.Name.memoryMB, let problem = FleetAppSettings.problem(name: setting.name, value: setting.value) {
                throw ManagementError(.badRequest, "\(problem). Nothing was changed.")
            }
            let size = setting.value.utf8.count
            if size > maxValueBytes {
                throw ManagementError(
                    .payloadTooLarge,
                    "the value of setting '\(setting.name)' is \(size) bytes, more than the \(maxValueBytes) bytes (32 KiB) a value may have; keep large data in a file of the app or another store and put its location in the setting. Nothing was changed."
                )
            }
        }
        var merged: [String: AppSetting] = [:]
        for setting in current + updates { merged[setting.name] = setting }
        let total = merged.values.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 }
        if total > maxTotalBytes {
            throw ManagementError(
                .payloadTooLarge,
                "the app's settings would be \(total) bytes together, more than the \(maxTotalBytes) bytes (256 KiB) an app's settings may have; remove or shorten settings. Nothing was changed."
            )
        }
    }
}
