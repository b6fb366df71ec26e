import ArgumentParser
import HearthManagement

/// `hearth tenant create|list|show|delete`.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage tenants (admin token needed to create or delete).",
        subcommands: [Create.self, List.self, Show.self, Delete.self, TenantDomainsCommand.self]
    )

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The tenant's name (a DNS label).") var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.POST, "/api/tenants", json: CreateTenantRequest(name: name))
            try options.emit(response, as: TenantDTO.self) { ["created tenant \($0.name) (\($0.id))"] }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var options: ClientOptions

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tenants")
            try options.emit(response, as: TenantListDTO.self) { list in
                list.tenants.isEmpty ? ["no tenants"] : list.tenants.map { "\($0.name)\t\($0.id)" }
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tenants/\(ManagementClient.segment(name))")
            try options.emit(response, as: TenantDTO.self) { ["name: \($0.name)", "id: \($0.id)", "created: \(APIText.of($0.createdAt))"] }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Flag(help: "Also delete the tenant's apps, deployments, settings, keys, logs and tokens.") var force = false

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, "/api/tenants/\(ManagementClient.segment(name))", query: force ? [("force", "true")] : [])
            options.emit(response) { ["deleted tenant \(name)"] }
        }
    }
}
