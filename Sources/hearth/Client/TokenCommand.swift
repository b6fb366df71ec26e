import ArgumentParser
import HearthManagement

/// `hearth token create|list|delete` (admin token needed).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage management API tokens (admin only).",
        subcommands: [Create.self, List.self, Delete.self]
    )

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; its secret is shown once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Who or what uses it, e.g. ci-deploy.") var name: String
        @Option(help: "admin, owner, contributor or reader.") var role: String
        @Option(help: "The tenant (all roles but admin).") var tenant: String?

        func execute(_ client: ManagementClient) async throws {
            let body = CreateTokenRequest(name: name, role: role, tenant: tenant)
            let response = try await client.send(.POST, "/api/tokens", json: body)
            try options.emit(response, as: TokenDTO.self) { token in
                [
                    "created \(token.role) token \(token.name) (\(token.id))",
                    "token (shown once, store it now): \(APIText.of(token.token))",
                ]
            }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: ClientOptions

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tokens")
            try options.emit(response, as: TokenListDTO.self) { list in
                list.tokens.map { "\($0.id)\t\($0.name)\t\($0.role)\t\(APIText.of($0.tenant))" }
            }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete (revoke) a token.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, "/api/tokens/\(ManagementClient.segment(id))")
            options.emit(response) { ["deleted token \(id)"] }
        }
    }
}
