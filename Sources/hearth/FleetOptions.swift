import ArgumentParser
import HearthCore
import HearthServer

/// How a worker presents itself to the fleet (`hearth worker`, and `hearth serve`'s worker), and
/// how long management waits before listing a silent worker as down.
struct FleetOptions: ParsableArguments {
    @Option(help: "The worker's name in the fleet (default: the machine's host name).")
    var name: String?

    @Option(help: "The URL other workers and load balancers reach this worker at (default: http://{bind}:{http-port}).")
    var advertise: String?

    @Option(help: "Memory the worker offers to apps, in MiB (default: the machine's memory).")
    var capacityMb: Int?

    @Option(name: .customLong("label"), help: ArgumentHelp("A worker label, e.g. zone=b (repeatable).", valueName: "key=value"))
    var labels: [String] = []

    @Option(
        help: ArgumentHelp("The hours the worker offers its capacity in, in its time zone, e.g. \"Mon-Fri 19:00-07:00; Sat-Sun\".", valueName: "spec")
    )
    var available: String?

    @Option(help: ArgumentHelp("A one-time enrolment token ('hearth workers enroll'), redeemed at the worker's first start.", valueName: "token"))
    var join: String?

    @Option(help: "Seconds without a heartbeat after which management lists a worker as down.")
    var workerDownAfter: Int = 10

    @Option(help: "Seconds a drain (hearth workers drain, or SIGTERM) waits for the worker's apps to be placed elsewhere.")
    var drainTimeout: Int = 30

    func validate() throws {
        do {
            if let name { try WorkerName.validate(name) }
            _ = try WorkerLabels.parse(labels)
            if let available { _ = try AvailabilityWindow(parsing: available) }
        } catch let error as HearthError {
            throw ValidationError(error.description)
        }
        if let capacityMb, capacityMb < 1 { throw ValidationError("--capacity-mb must be at least 1 (MiB offered to apps)") }
        guard workerDownAfter >= 1 else { throw ValidationError("--worker-down-after must be at least 1 second") }
        guard (0...3600).contains(drainTimeout) else { throw ValidationError("--drain-timeout must be between 0 and 3600 seconds") }
        if let join, join.isEmpty { throw ValidationError("--join needs the token 'hearth workers enroll' printed") }
    }

    func apply(to configuration: inout ServerConfiguration) {
        configuration.workerName = name
        configuration.advertiseURL = advertise
        configuration.capacityMB = capacityMb
        configuration.workerLabels = (try? WorkerLabels.parse(labels)) ?? [:]
        configuration.availability = available
        configuration.joinToken = join
        configuration.workerDownAfter = .seconds(workerDownAfter)
        configuration.drainTimeout = .seconds(drainTimeout)
    }
}
