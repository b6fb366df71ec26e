import ArgumentParser
import Foundation
import HearthManagement

/// `hearth workers list|enroll|drain|ready|revoke` (admin token needed): the fleet's workers.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "List, enrol, drain, make ready and revoke the fleet's workers (admin only).",
        subcommands: [List.self, Enroll.self, Drain.self, Ready.self, Revoke.self]
    )

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List workers: name, state, last heartbeat, apps placed, load.")
        @OptionGroup var options: ClientOptions

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/workers")
            try options.emit(response, as: WorkerListDTO.self) { list in WorkerTable.lines(list.workers, now: Date()) }
        }
    }

    struct Enroll: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a one-time enrolment token for a new worker; it is shown once.",
            discussion: "Start the new worker with 'hearth worker --join TOKEN' (with --store naming the fleet's store) before the token expires."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "Minutes the token stays valid (1 to 10080).") var validMinutes: Int = 60

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(
                .POST,
                "/api/workers/enrolment-tokens",
                json: CreateEnrolmentTokenRequest(validMinutes: validMinutes)
            )
            try options.emit(response, as: EnrolmentTokenDTO.self) { token in
                [
                    "enrolment token (shown once, works once, until \(token.expiresAt.formatted(.iso8601))):",
                    token.token,
                    "start the worker with: hearth worker --join \(token.token)",
                ]
            }
        }
    }

    struct Drain: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drain a worker: its apps are placed elsewhere, then its health check answers 503 and it finishes its calls.",
            discussion: """
                The worker keeps serving every request that reaches it while it drains; load balancers take it out when \
                /_hearth/health answers 503. Undo with 'hearth workers ready NAME' (or 'hearth workers drain --undo NAME').
                """
        )
        @OptionGroup var options: ClientOptions
        @Flag(help: "Make the worker ready again instead (the same as 'hearth workers ready').") var undo = false
        @Argument(help: "The worker's name.") var name: String

        func execute(_ client: ManagementClient) async throws {
            try await Self.setDraining(!undo, name: name, client: client, options: options)
        }

        /// `POST /api/workers/{name}/drain` or `/ready`, and what it printed.
        static func setDraining(_ draining: Bool, name: String, client: ManagementClient, options: ClientOptions) async throws {
            let response = try await client.send(.POST, "/api/workers/\(ManagementClient.segment(name))/\(draining ? "drain" : "ready")")
            options.emit(response) { [draining ? "draining worker \(name)" : "worker \(name) is ready again"] }
        }
    }

    struct Ready: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Make a draining worker ready again: it takes work and answers its health check.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The worker's name.") var name: String

        func execute(_ client: ManagementClient) async throws {
            try await Drain.setDraining(false, name: name, client: client, options: options)
        }
    }

    struct Revoke: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a worker: it stops taking work and its apps are placed elsewhere.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The worker's name.") var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.POST, "/api/workers/\(ManagementClient.segment(name))/revoke")
            options.emit(response) { ["revoked worker \(name)"] }
        }
    }
}

/// The table `hearth workers list` prints.
enum WorkerTable {
    static func lines(_ workers: [WorkerDTO], now: Date) -> [String] {
        guard !workers.isEmpty else { return ["no workers have registered yet"] }
        let header = ["NAME", "STATE", "LAST HEARTBEAT", "APPS PLACED", "LOAD"]
        let rows = workers.map { worker in
            [
                worker.name, worker.state, "\(Int(max(0, now.timeIntervalSince(worker.lastHeartbeat)).rounded()))s ago", "\(worker.appsPlaced)",
                "\(worker.load.appsRunning) apps running, \(worker.load.inFlightInvocations) in flight, "
                    + "\(worker.load.sandboxMemoryBytes >> 20) MiB sandboxes / \(worker.capacityMb) MiB",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
