public import Logging
public import ServiceLifecycle

/// Looks at a listener's certificate and key files every `interval` and serves new connections the
/// new certificate once they changed (``TLSCertificateReloader``). Run it in the process's
/// `ServiceGroup`.
public struct TLSReloadService: Service {
    let reloader: TLSCertificateReloader
    let interval: Duration
    let logger: Logger

    public init(reloader: TLSCertificateReloader, interval: Duration = .seconds(2), logger: Logger) {
        self.reloader = reloader
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                reloader.reloadIfChanged(logger: logger)
            }
        }
    }
}
