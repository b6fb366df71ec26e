import ArgumentParser
import HearthManagement

/// `hearth settings list|set|delete`.
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Manage app settings (secret values are encrypted and shown only to owners and admins).",
        subcommands: [List.self, Set.self, Delete.self]
    )

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List an app's settings.")
        @OptionGroup var options: ClientOptions
        @Argument var app: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(app))/settings")
            try options.emit(response, as: SettingListDTO.self) { list in
                list.settings.isEmpty
                    ? ["no settings"]
                    : list.settings.map { setting in
                        "\(setting.name)=\(setting.value ?? "********")\(setting.secret ? "  (secret)" : "")"
                    }
            }
        }
    }

    struct Set: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Set one setting.")
        @OptionGroup var options: ClientOptions
        @Argument var app: String
        @Argument var name: String
        @Argument var value: String
        @Flag(help: "Store the value as a secret (encrypted, masked for contributors and readers).") var secret = false

        func execute(_ client: ManagementClient) async throws {
            let body = SettingValueRequest(value: value, secret: secret ? true : nil)
            let path = "/api/apps/\(ManagementClient.segment(app))/settings/\(ManagementClient.segment(name))"
            let response = try await client.send(.PUT, path, json: body)
            try options.emit(response, as: SettingDTO.self) { ["set \($0.name)\($0.secret ? " (secret)" : "") on \(app)"] }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one setting.")
        @OptionGroup var options: ClientOptions
        @Argument var app: String
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let path = "/api/apps/\(ManagementClient.segment(app))/settings/\(ManagementClient.segment(name))"
            let response = try await client.send(.DELETE, path)
            options.emit(response) { ["deleted \(name) from \(app)"] }
        }
    }
}
