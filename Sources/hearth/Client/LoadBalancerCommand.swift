import ArgumentParser
import Foundation
import HearthManagement

/// `hearth lb haproxy`: an HAProxy configuration for the fleet the management API describes
/// (`GET /api/lb/haproxy`, admin token), printed, or written with its map files, and the runtime
/// API commands that apply a change to a running HAProxy without a reload.
struct LoadBalancerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lb",
        abstract: "Generate load balancer configurations for the fleet (admin only).",
        subcommands: [HAProxy.self]
    )

    struct HAProxy: ClientCommand {
        static let configuration = CommandConfiguration(
            commandName: "haproxy",
            abstract: "Print an HAProxy (2.6) configuration for the fleet, or write it with its maps.",
            discussion: """
                Without --write, prints haproxy.cfg (it reads DIRECTORY/hosts.map and DIRECTORY/apps.map). \
                With --write, writes haproxy.cfg, hosts.map, apps.map and running.json (what HAProxy serves once \
                it loads them) into --directory. With --runtime-commands, prints the runtime API commands that move \
                the HAProxy described by DIRECTORY/running.json to the current fleet, one a line for the stats \
                socket; when the change needs a reload it prints the reasons on standard error and exits with \
                status 3. Use --write --runtime-commands together, so running.json follows what HAProxy serves.
                """
        )
        /// The exit status that says: reload HAProxy with the written configuration.
        static let reloadNeeded: Int32 = 3

        @OptionGroup var options: ClientOptions
        @Option(help: "The frontend's bind address.") var bind = "*:80"
        @Option(help: "Where the map files (and, with --write, everything) live on the load balancer.")
        var directory = "/etc/haproxy/hearth"
        @Option(help: "The runtime API socket (stats socket, level admin).") var socket = "/run/haproxy/hearth.sock"
        @Flag(help: "Write haproxy.cfg, hosts.map, apps.map and running.json into --directory.") var write = false
        @Flag(help: "Print the runtime API commands from DIRECTORY/running.json to the current fleet.")
        var runtimeCommands = false

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/lb/haproxy")
            if options.output == .json {
                print(String(decoding: response.body, as: UTF8.self))
                return
            }
            let view = try response.decode(LoadBalancerFleetDTO.self)
            var haproxy = HAProxyOptions()
            haproxy.bind = bind
            haproxy.mapDirectory = directory
            haproxy.runtimeSocket = socket
            let configuration = HAProxyConfiguration(fleet: view.fleet, options: haproxy)
            let folder = URL(fileURLWithPath: directory, isDirectory: true)
            var running = configuration.layout
            var status: Int32 = 0
            if runtimeCommands {
                let update = try Self.update(folder: folder, next: configuration.layout, options: haproxy)
                if update.needsReload {
                    Console.error("reload needed (haproxy -c -f \(directory)/haproxy.cfg, then systemctl reload haproxy):")
                    for reason in update.reloadReasons { Console.error("  - \(reason)") }
                    status = Self.reloadNeeded
                } else {
                    for command in update.commands { Console.say(command) }
                }
                running = update.running
            }
            if write {
                try Self.write(configuration, running: running, into: folder)
                Console.error("wrote haproxy.cfg, hosts.map, apps.map and running.json to \(directory) (\(view.source))")
            } else if !runtimeCommands {
                FileHandle.standardOutput.write(Data(configuration.text.utf8))
            }
            if status != 0 { throw ExitCode(status) }
        }

        static func update(folder: URL, next: HAProxyLayout, options: HAProxyOptions) throws -> HAProxyRuntimeUpdate {
            let file = folder.appendingPathComponent("running.json")
            guard let data = try? Data(contentsOf: file) else {
                var update = HAProxyRuntimeUpdate(running: next, next: next, options: options)
                update.reloadReasons = ["\(file.path) does not exist: HAProxy has not loaded a configuration written with --write"]
                return update
            }
            do {
                return HAProxyRuntimeUpdate(running: try JSONDecoder().decode(HAProxyLayout.self, from: data), next: next, options: options)
            } catch {
                throw ValidationError(
                    "\(file.path) is not a running.json written by hearth lb haproxy --write (\(error)); remove it and reload"
                )
            }
        }

        /// Writes each file to a temporary name and renames it into place, so HAProxy never reads half a file.
        static func write(_ configuration: HAProxyConfiguration, running: HAProxyLayout, into folder: URL) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let files: [(String, Data)] = [
                ("hosts.map", Data(configuration.hostsMap.utf8)),
                ("apps.map", Data(configuration.appsMap.utf8)),
                ("haproxy.cfg", Data(configuration.text.utf8)),
                ("running.json", try encoder.encode(running)),
            ]
            for (name, data) in files {
                try data.write(to: folder.appendingPathComponent(name), options: .atomic)
            }
        }
    }
}
