/// A request to a language worker got no reply within its timeout (``RpcWorkerConnection/request(_:expecting:timeout:)``).
struct DeadlineExceeded: Error {}
