import ArgumentParser
import HearthServer

/// `hearth management`: only the management role (REST API, deployments, Kudu endpoint, portal),
/// for a fleet where workers run on other machines against the same store (`--store`).
struct ManagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "management",
        abstract: "Run only the management role (REST API, deployments, publishing) against a shared store.",
        discussion: """
            Takes the options of 'hearth serve'; the function host's options (--http-port, --trusted-proxy, --no-isolation, \
            --max-concurrent-requests, --max-outstanding-requests, --queue-lease) do not apply.
            """
    )

    @OptionGroup var options: ServeCommand

    func run() async throws {
        try await options.run(roles: .management)
    }
}

/// `hearth worker`: only the worker role (HTTP front, timers, sandboxed handlers). Workers read
/// their apps from the shared store; run as many as the load needs, on as many machines.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run only the worker role (function host, timers, sandboxed apps) against a shared store.",
        discussion: """
            Takes the options of 'hearth serve'; the management options (--management-port, --scm-url, \
            --max-upload-mb, --invocation-retention-days) do not apply; the listener options (--tls-cert, --tls-key, \
            --request-head-timeout, --connection-idle-timeout, --max-connections) apply to the function host. The worker needs the instance's \
            master key (HEARTH_MASTER_KEY, or master.key in --data-dir) to read app settings and keys. It registers in the \
            fleet (--name, --advertise, --capacity-mb, --label, --available) and heartbeats; a new machine joins once with \
            --join TOKEN from 'hearth workers enroll'.
            """
    )

    @OptionGroup var options: ServeCommand

    func run() async throws {
        try await options.run(roles: .worker)
    }
}
