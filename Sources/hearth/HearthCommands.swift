import ArgumentParser

/// Every subcommand of `hearth`, in help order.
enum HearthCommands {
    static let all: [any ParsableCommand.Type] = [
        ServeCommand.self,
        ManagementCommand.self,
        WorkerCommand.self,
        LoginCommand.self,
        TenantCommand.self,
        AppCommand.self,
        SettingsCommand.self,
        KeysCommand.self,
        QueueCommand.self,
        LoadBalancerCommand.self,
        LogsCommand.self,
        TokenCommand.self,
        WorkersCommand.self,
        DatabaseCommand.self,
        ProfileCommand.self,
        PublishCommand.self,
        UpgradeCommand.self,
        RuntimesCommand.self,
        SecretsCommand.self,
        UserCommand.self,
        AuditCommand.self,
        ResetCommand.self,
    ]
}
