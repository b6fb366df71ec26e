import ArgumentParser

/// `hearth tenant create|list|show|delete`.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants (admin token needed to create or delete).",
        subcommands: [Create.self, List.self, Show.self, Delete.self, TenantDomainsCommand.self])

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The tenant's name (a DNS label).") var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.POST, "/api/tenants", json: ["name": name])
            options.emit(response) { ["created tenant \($0.text("name")) (\($0.text("id")))"] }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var options: ClientOptions

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tenants")
            options.emit(response) { object in
                let tenants = object.objects("tenants")
                return tenants.isEmpty ? ["no tenants"] : tenants.map { "\($0.text("name"))\t\($0.text("id"))" }
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tenants/\(ManagementClient.segment(name))")
            options.emit(response) { ["name: \($0.text("name"))", "id: \($0.text("id"))", "created: \($0.text("createdAt"))"] }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Flag(help: "Also delete the tenant's apps, deployments, settings, keys, logs and tokens.") var force = false

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, "/api/tenants/\(ManagementClient.segment(name))", query: force ? [("force", "true")] : [])
            options.emit(response) { _ in ["deleted tenant \(name)"] }
        }
    }
}
