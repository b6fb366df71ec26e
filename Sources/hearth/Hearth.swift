import ArgumentParser

/// `hearth`: run the Functions runtime, and drive it from the command line.
@main
struct Hearth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth",
        abstract: "Hearth runs Azure-Functions-style function apps on your own machines.",
        version: "0.1.0",
        subcommands: HearthCommands.all
    )
}
