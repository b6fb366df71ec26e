/// A `timerTrigger` binding.
public struct TimerTriggerDefinition: Sendable {
    /// The trigger binding's `name` (usually `myTimer`).
    public var bindingName: String
    /// `schedule` after `%Setting%` substitution.
    public var expression: String
    /// The parsed schedule.
    public var schedule: TimerSchedule
    /// `runOnStartup` (default `false`): fire once when the host starts.
    public var runOnStartup: Bool
    /// `useMonitor` (default `true`), forced `false` when the schedule fires more than once a minute.
    public var useMonitor: Bool

    /// Creates a definition; `useMonitor` is turned off for schedules that fire more than once a minute.
    /// - Parameters:
    ///   - bindingName: The trigger binding name.
    ///   - expression: The schedule text after substitution.
    ///   - schedule: The parsed schedule.
    ///   - runOnStartup: Fire at host start.
    ///   - useMonitor: Track schedule status.
    public init(bindingName: String, expression: String, schedule: TimerSchedule, runOnStartup: Bool = false, useMonitor: Bool = true) {
        self.bindingName = bindingName
        self.expression = expression
        self.schedule = schedule
        self.runOnStartup = runOnStartup
        self.useMonitor = useMonitor && !schedule.firesMoreThanOncePerMinute
    }
}
