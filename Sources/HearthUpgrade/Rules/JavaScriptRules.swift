internal import Foundation
internal import HearthCore

/// Fact sheet §4a as tables: safe text rewrites for classic-model code, and patterns that need a warning.
enum JavaScriptRules {
    /// Timer object properties became camelCase in 3.x (only applied in timer-triggered functions).
    static let timerRenames: [(from: String, to: String)] = [
        (".IsPastDue", ".isPastDue"),
        (".ScheduleStatus", ".scheduleStatus"),
        ("scheduleStatus.LastUpdated", "scheduleStatus.lastUpdated"),
        ("scheduleStatus.Last", "scheduleStatus.last"),
        ("scheduleStatus.Next", "scheduleStatus.next"),
    ]

    /// Signs that a function returns a promise.
    static let promiseMarkers = ["async function", "async (", "async(", ".then(", "new Promise", "await "]

    /// Code that sets an HTTP response.
    static let responseMarkers = ["context.res", "context.done(null,", "return {", "return{"]
}
