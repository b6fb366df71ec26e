import ServiceLifecycle

/// The catalog runs in the worker's `ServiceGroup`: ``AppCatalog/run()`` follows the store until
/// graceful shutdown, then stops every app's handler.
extension AppCatalog: Service {}
