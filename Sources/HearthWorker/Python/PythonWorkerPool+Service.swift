import ServiceLifecycle

/// The pool runs in the worker's `ServiceGroup`: ``PythonWorkerPool/run()`` keeps it full until
/// graceful shutdown, then stops the workers it holds.
extension PythonWorkerPool: Service {}
