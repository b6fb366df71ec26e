import ServiceLifecycle

/// The timer listener runs in the worker's `ServiceGroup`: ``TimerService/run()`` fires timers until
/// graceful shutdown, then waits for the runs it started.
extension TimerService: Service {}
