/// The runtime API commands that move a running HAProxy from one ``HAProxyLayout`` to the next
/// without a reload, or the reasons a reload is needed instead.
///
/// Worker states become `set server {backend}/{server} state ready|drain|maint` on every backend
/// the worker's server is in, a new address `set server … addr {ip} port {port}`, and host or app
/// entries `add map`, `set map` and `del map` on the map files (which `--write` rewrites too, so a
/// later reload keeps them). A server that leaves a backend is put in `maint` and stays in the
/// running layout until the next reload. A reload is needed for a backend or server the running
/// process does not have, and for an address that is not an IP literal (the runtime API takes
/// only addresses).
///
/// ```swift
/// let update = HAProxyRuntimeUpdate(running: saved, next: HAProxyLayout(fleet: fleet), options: options)
/// if update.needsReload { /* haproxy -c, then systemctl reload haproxy */ }
/// else { for command in update.commands { /* send to the stats socket */ } }
/// ```
package struct HAProxyRuntimeUpdate: Sendable, Hashable {
    /// The commands, in order; empty when nothing changed or a reload is needed.
    package var commands: [String] = []
    /// Why the runtime API cannot make the change; empty when it can.
    package var reloadReasons: [String] = []
    /// What HAProxy serves afterwards: `next` after a reload; after the commands, `next` plus the
    /// servers that left a backend, in `maint`.
    package var running: HAProxyLayout

    /// Whether a reload (with the configuration of `next`) is needed.
    package var needsReload: Bool { !reloadReasons.isEmpty }

    package init(running current: HAProxyLayout, next: HAProxyLayout, options: HAProxyOptions) {
        running = next
        var merged: [HAProxyLayout.Backend] = []
        for backend in next.backends {
            guard let old = current.backend(named: backend.name) else {
                reloadReasons.append("new backend \(backend.name)")
                continue
            }
            var servers = backend.servers
            for server in backend.servers {
                let path = "\(backend.name)/\(server.name)"
                guard let before = old.servers.first(where: { $0.name == server.name }) else {
                    reloadReasons.append("new server \(path)")
                    continue
                }
                if before.address != server.address {
                    if let parsed = Self.ipAndPort(server.address) {
                        commands.append("set server \(path) addr \(parsed.ip) port \(parsed.port)")
                    } else {
                        reloadReasons.append("address \(server.address) of \(path) is not an IP address and port")
                    }
                }
                if before.state != server.state { commands.append("set server \(path) state \(server.state.rawValue)") }
            }
            for gone in old.servers where !backend.servers.contains(where: { $0.name == gone.name }) {
                if gone.state != .maint { commands.append("set server \(backend.name)/\(gone.name) state maint") }
                servers.append(HAProxyLayout.Server(name: gone.name, address: gone.address, state: .maint))
            }
            merged.append(HAProxyLayout.Backend(name: backend.name, servers: servers.sorted { $0.name < $1.name }))
        }
        for old in current.backends where next.backend(named: old.name) == nil {
            for gone in old.servers where gone.state != .maint {
                commands.append("set server \(old.name)/\(gone.name) state maint")
            }
            merged.append(
                HAProxyLayout.Backend(name: old.name, servers: old.servers.map { .init(name: $0.name, address: $0.address, state: .maint) })
            )
        }
        commands += Self.mapCommands(options.hostsMapPath, from: current.hosts, to: next.hosts)
        commands += Self.mapCommands(options.appsMapPath, from: current.apps, to: next.apps)
        if needsReload {
            commands = []
        } else {
            running = HAProxyLayout(backends: merged, hosts: next.hosts, apps: next.apps)
        }
    }

    static func mapCommands(_ path: String, from old: [String: String], to new: [String: String]) -> [String] {
        var commands: [String] = []
        for (key, value) in new.sorted(by: { $0.key < $1.key }) where HAProxyConfiguration.isMapKey(key) {
            switch old[key] {
            case nil: commands.append("add map \(path) \(key) \(value)")
            case value: break
            default: commands.append("set map \(path) \(key) \(value)")
            }
        }
        for key in old.keys.sorted() where new[key] == nil && HAProxyConfiguration.isMapKey(key) {
            commands.append("del map \(path) \(key)")
        }
        return commands
    }

    /// `10.0.0.5:7071` → (`10.0.0.5`, `7071`); `[fd00::5]:7071` → (`fd00::5`, `7071`); `nil` for a
    /// host name or a malformed address.
    static func ipAndPort(_ address: String) -> (ip: String, port: String)? {
        guard let colon = address.lastIndex(of: ":") else { return nil }
        var host = String(address[..<colon])
        let port = String(address[address.index(after: colon)...])
        guard let number = Int(port), (1...65535).contains(number) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            let isIPv6 =
                !host.isEmpty && host.contains(":")
                && host.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }
            return isIPv6 ? (host, port) : nil
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = parts.count == 4 && parts.allSatisfy { part in part.count <= 3 && UInt8(part) != nil }
        return isIPv4 ? (host, port) : nil
    }
}
