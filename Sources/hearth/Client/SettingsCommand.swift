import ArgumentParser

/// `hearth settings list|set|delete`.
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Manage app settings (secret values are encrypted and shown only to owners and admins).",
        subcommands: [List.self, Set.self, Delete.self])

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List an app's settings.")
        @OptionGroup var options: ClientOptions
        @Argument var app: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(app))/settings")
            options.emit(response) { object in
                let settings = object.objects("settings")
                return settings.isEmpty ? ["no settings"] : settings.map { setting in
                    let secret = setting.bool("secret") == true
                    let value = setting.string("value") ?? "********"
                    return "\(setting.text("name"))=\(value)\(secret ? "  (secret)" : "")"
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
            var body: [String: Any] = ["value": value]
            if secret { body["secret"] = true }
            let path = "/api/apps/\(ManagementClient.segment(app))/settings/\(ManagementClient.segment(name))"
            let response = try await client.send(.PUT, path, json: body)
            options.emit(response) { ["set \($0.text("name"))\($0.bool("secret") == true ? " (secret)" : "") on \(app)"] }
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
            options.emit(response) { _ in ["deleted \(name) from \(app)"] }
        }
    }
}
