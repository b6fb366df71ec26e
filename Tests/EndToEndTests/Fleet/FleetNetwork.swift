import Foundation
import HearthTestSupport

/// Where the fleet test's workers live: each in a network namespace of its own on a bridge of the
/// test's own (`10.232.N.1/24` on the host, `10.232.N.11`, `.12`, … inside), or, where the machine
/// does not allow network namespaces, all on 127.0.0.1 with a port each.
///
/// Each namespace holds a `sleep` process for the whole test, and workers enter the namespace
/// through it (`/proc/PID/ns/net`): a worker in the host's mount namespace that runs sandboxed apps
/// was seen to lose `/run/netns/NAME` (the mount `ip netns add` makes), and a namespace with no
/// process and no mount would vanish with its veth while its worker is down. The `sleep` ends on
/// its own after 15 minutes, should the test be killed before its cleanup.
///
/// The bridge lets the namespaces reach each other (worker-to-worker forwarding) and the host reach
/// them (HAProxy), with no change to the host's routing or `ip_forward`. Names carry the test
/// process's id, so a later run removes what a killed run left behind (see ``removeLeftovers()``).
final class FleetNetwork: Sendable {
    /// A worker's place on the network.
    struct Slot: Sendable {
        /// The address the worker binds and advertises.
        var address: String
        /// Its function host's port.
        var port: Int
        /// The namespace it runs in (`nil` on the loopback fallback).
        var namespace: String?
        /// A process that stays in the namespace for the whole test (see ``FleetNetwork``).
        var holder: Int32 = 0
        /// The command prefix that runs a program in the slot's namespace (empty without one):
        /// `nsenter --net`, which enters only the network namespace. (`ip netns exec` also mounts a
        /// sysfs of the namespace's own over /sys, which hides /sys/fs/cgroup from the worker, and
        /// with it the sandbox's cgroups.)
        var launcher: [String] { namespace == nil ? [] : ["nsenter", "--net=/proc/\(holder)/ns/net", "--"] }
        var url: String { "http://\(address):\(port)" }
    }

    let slots: [Slot]
    /// Why the workers share 127.0.0.1 (`nil` when they have namespaces).
    let fallbackReason: String?
    private let bridge: String?
    private let hostLinks: [String]
    private let holders: [Process]

    static let prefix = "hfleet"
    private static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Namespaces where `ip netns add` works (root and iproute2), else ports on 127.0.0.1.
    static func make(workers: Int) -> FleetNetwork {
        if ProcessInfo.processInfo.environment["HEARTH_TEST_FLEET_LOOPBACK"] == "1" {
            return loopback(workers: workers, reason: "HEARTH_TEST_FLEET_LOOPBACK=1")
        }
        guard getuid() == 0 else {
            return loopback(workers: workers, reason: "network namespaces need root (the test runs as uid \(getuid()))")
        }
        let tools = [["ip", "-V"], ["nsenter", "--version"]].allSatisfy { (try? ProgramRun.run(env, $0))?.status == 0 }
        guard tools else {
            return loopback(workers: workers, reason: "no `ip` (iproute2) or `nsenter` (util-linux) program")
        }
        removeLeftovers()
        var failure = ""
        for _ in 0..<3 {
            do { return try FleetNetwork(workers: workers, subnet: Int.random(in: 20...250)) } catch { failure = "\(error)" }
        }
        return loopback(workers: workers, reason: "ip netns failed: \(failure)")
    }

    /// Ports on 127.0.0.1, for `reason`.
    static func loopback(workers: Int, reason: String) -> FleetNetwork {
        var ports: [Int] = []
        while ports.count < workers {
            let port = HearthServer.freePort()
            if !ports.contains(port) { ports.append(port) }
        }
        return FleetNetwork(slots: ports.map { Slot(address: "127.0.0.1", port: $0, namespace: nil) }, reason: reason)
    }

    private init(slots: [Slot], reason: String) {
        self.slots = slots
        fallbackReason = reason
        bridge = nil
        hostLinks = []
        holders = []
    }

    private init(workers: Int, subnet: Int) throws {
        let tag = "\(getpid())"
        let net = "10.232.\(subnet)"
        // A subnet the host already routes somewhere (another run, a real network) is not ours to use.
        let routes = try ProgramRun.run(Self.env, ["ip", "-o", "route", "show", "to", "match", "\(net).0/24"])
        guard !routes.output.split(separator: "\n").contains(where: { !$0.hasPrefix("default") }) else {
            throw TestFailure("\(net).0/24 is in use: \(routes.output)")
        }
        bridge = "\(Self.prefix)b\(tag)"
        hostLinks = (1...workers).map { "\(Self.prefix)\(tag)h\($0)" }
        let names = (1...workers).map { "\(Self.prefix)-\(tag)-w\($0)" }
        var started: [Process] = []
        do {
            for name in names {
                try Self.ip(["netns", "add", name])
                let holder = Process()
                holder.executableURL = Self.env
                holder.arguments = ["ip", "netns", "exec", name, "sleep", "900"]
                try holder.run()
                started.append(holder)
            }
        } catch {
            for holder in started { kill(holder.processIdentifier, SIGKILL) }
            for name in names { try? Self.ip(["netns", "del", name]) }
            throw error
        }
        holders = started
        slots = names.enumerated().map { index, name in
            Slot(address: "\(net).\(11 + index)", port: 7071, namespace: name, holder: started[index].processIdentifier)
        }
        fallbackReason = nil
        do {
            try Self.ip(["link", "add", bridge!, "type", "bridge"])
            try Self.ip(["addr", "add", "\(net).1/24", "dev", bridge!])
            try Self.ip(["link", "set", bridge!, "up"])
            for (index, slot) in slots.enumerated() {
                let host = hostLinks[index]
                let inside = "\(Self.prefix)\(tag)n\(index + 1)"
                let namespace = slot.namespace!
                try Self.ip(["link", "add", host, "type", "veth", "peer", "name", inside])
                try Self.ip(["link", "set", host, "master", bridge!])
                try Self.ip(["link", "set", host, "up"])
                try Self.ip(["link", "set", inside, "netns", namespace])
                try Self.ip(["netns", "exec", namespace, "ip", "addr", "add", "\(slot.address)/24", "dev", inside])
                try Self.ip(["netns", "exec", namespace, "ip", "link", "set", inside, "up"])
                try Self.ip(["netns", "exec", namespace, "ip", "link", "set", "lo", "up"])
            }
        } catch {
            remove()
            throw error
        }
    }

    /// Whether the host reaches `slot` through the bridge (never through a default route: a test
    /// must send nothing off the machine).
    func routesLocally(_ slot: Slot) -> Bool {
        guard let bridge else { return slot.address == "127.0.0.1" }
        let route = try? ProgramRun.run(Self.env, ["ip", "-o", "route", "get", slot.address])
        return route?.output.contains("dev \(bridge) ") == true
    }

    /// Ends every process left in the namespaces, then removes them, the veths and the bridge.
    func remove() {
        for slot in slots {
            guard let namespace = slot.namespace else { continue }
            Self.killProcesses(in: namespace)
            try? Self.ip(["netns", "del", namespace])
        }
        for holder in holders where holder.isRunning { kill(holder.processIdentifier, SIGKILL) }
        for link in hostLinks { try? Self.ip(["link", "del", link]) }
        if let bridge { try? Self.ip(["link", "del", bridge]) }
    }

    /// Namespaces and bridges of earlier runs whose test process is gone (killed before its cleanup).
    static func removeLeftovers() {
        let alive = { (pid: Int32) in kill(pid, 0) == 0 || errno == EPERM }
        let namespaces = (try? ProgramRun.run(env, ["ip", "netns", "list"]))?.output ?? ""
        for line in namespaces.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            let parts = name.split(separator: "-")
            guard parts.count == 3, parts[0] == prefix, let pid = Int32(parts[1]), !alive(pid) else { continue }
            killProcesses(in: name)
            try? ip(["netns", "del", name])
        }
        let links = (try? ProgramRun.run(env, ["ip", "-o", "link", "show"]))?.output ?? ""
        for line in links.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { continue }
            let name = String(fields[1].split(separator: "@").first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            // hfleetb{pid} (bridge), hfleet{pid}h{n} (veth)
            var rest = Substring(name)
            guard rest.hasPrefix(prefix) else { continue }
            rest = rest.dropFirst(prefix.count)
            if rest.hasPrefix("b") { rest = rest.dropFirst() }
            guard let pid = Int32(rest.prefix { $0.isNumber }), !alive(pid) else { continue }
            try? ip(["link", "del", name])
        }
    }

    private static func killProcesses(in namespace: String) {
        guard let pids = try? ProgramRun.run(env, ["ip", "netns", "pids", namespace]), pids.status == 0 else { return }
        for pid in pids.output.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
    }

    private static func ip(_ arguments: [String]) throws {
        let run = try ProgramRun.run(env, ["ip"] + arguments)
        guard run.status == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")) failed: \(run.output)") }
    }
}
