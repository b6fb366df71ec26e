import Foundation
import HearthSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Restricts a sandbox's outbound connections to the destinations of `HEARTH_OUTBOUND_ALLOW`: an
/// nftables ruleset in the sandbox's own network namespace (loaded with `nsenter --net … nft`),
/// which app code, without capabilities over that namespace, cannot change.
enum OutboundFirewall {
    static let nft = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"]

    /// Loads the ruleset that lets through only `rules` into the network namespace of `pid`.
    static func apply(_ rules: [OutboundRule], pid: Int32, label: String) throws {
        guard let nft = nft.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WorkerError(
                .launchFailed,
                "app '\(label)' sets HEARTH_OUTBOUND_ALLOW, which needs nftables (apt-get install nftables); install it or remove the setting"
            )
        }
        let ruleset = try MemoryFile.make(Array(OutboundRule.ruleset(rules).utf8), purpose: "the sandbox's firewall rules")
        defer { ruleset.close() }
        let output = OutputTail()
        let process = try WorkerError.launching {
            try SpawnedProcess.spawn(
                executable: "/usr/bin/nsenter",
                arguments: ["--net=/proc/\(pid)/ns/net", nft, "-f", "/dev/fd/3"],
                environment: [:],
                workingDirectory: "/",
                passing: [ruleset.descriptor],
                output: { output.append($0.text) }
            )
        }
        guard process.waitForExit(blockingUpTo: .seconds(5)) == .exited(0) else {
            process.signalGroup(SIGKILL)
            throw WorkerError(
                .launchFailed,
                "cannot restrict the outbound connections of '\(label)' (nft \(process.exitStatus.map { "\($0)" } ?? "hung"))\(output.suffix())"
            )
        }
    }
}
