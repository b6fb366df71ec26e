import ArgumentParser
import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// `hearth`: run the Functions runtime, and drive it from the command line.
struct Hearth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth",
        abstract: "Hearth runs Azure-Functions-style function apps on your own machines.",
        version: "0.1.0",
        subcommands: HearthCommands.all
    )
}

/// The entry point. Before any task runs, NIO's event loops become Swift concurrency's global
/// executor: a request's task then runs on the event loop that owns its connection instead of
/// hopping to the cooperative pool and back (SwiftNIO's documented takeover, for servers whose
/// work is mostly I/O on NIO channels).
@main
enum HearthMain {
    static func main() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        // The command runs on the main actor, whose executor is the main queue: the main thread
        // must serve that queue (dispatchMain never returns; the command exits the process).
        Task { @MainActor in
            await Hearth.main()
            exit(0)
        }
        dispatchMain()
    }
}
