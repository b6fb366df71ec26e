import ArgumentParser

/// Every subcommand of `hearth`, in help order.
enum HearthCommands {
    static let all: [any ParsableCommand.Type] = [
        ServeCommand.self,
        UpgradeCommand.self,
    ]
}
