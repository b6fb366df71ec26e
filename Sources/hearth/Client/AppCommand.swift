import ArgumentParser
import HearthManagement

/// `hearth app create|list|show|delete|deploy|deployments|activate|hostnames`.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Manage function apps and their deployments.",
        subcommands: [Create.self, List.self, Show.self, Delete.self, Deploy.self, Deployments.self, Activate.self, Original.self, HostNames.self]
    )

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app (with its master key and a default host key).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The app's name (a DNS label, unique in the instance).") var name: String
        @Option(help: "The tenant (tenant-scoped tokens may leave it out).") var tenant: String?
        @Option(name: .customLong("host-name"), help: "A custom host name routed to the app (repeatable).") var hostNames: [String] = []

        func execute(_ client: ManagementClient) async throws {
            let body = CreateAppRequest(name: name, tenant: tenant, hostNames: hostNames)
            let response = try await client.send(.POST, "/api/apps", json: body)
            try options.emit(response, as: AppDTO.self) { ["created app \($0.name) in tenant \($0.tenant); served at \($0.defaultHostName)"] }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List apps.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only this tenant's apps.") var tenant: String?

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps", query: tenant.map { [("tenant", $0)] } ?? [])
            try options.emit(response, as: AppListDTO.self) { list in
                list.apps.isEmpty ? ["no apps"] : list.apps.map { "\($0.name)\ttenant=\($0.tenant)\tdeployment=\(APIText.of($0.activeDeploymentId))" }
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show an app: status, active deployment, functions and their URLs.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(name))")
            try options.emit(response, as: AppDetailDTO.self) { detail in
                let app = detail.app
                var lines = [
                    "app: \(app.name) (tenant \(app.tenant))",
                    "host names: \(([app.defaultHostName] + app.hostNames).joined(separator: ", "))",
                ]
                if let status = detail.status {
                    lines.append("status: \(status.state)\(status.reason.map { " — \($0)" } ?? "")")
                }
                if let deployment = detail.activeDeployment {
                    lines.append("active deployment: \(deployment.id) (\(APIText.of(deployment.createdAt)))")
                } else {
                    lines.append("active deployment: none (deploy with 'hearth app deploy \(name) PATH')")
                }
                if let error = detail.functionsError { lines.append("warning: \(error)") }
                lines += FunctionLines.render(detail.functions)
                return lines
            }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an app with its deployments, settings, keys and logs.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, "/api/apps/\(ManagementClient.segment(name))")
            options.emit(response) { ["deleted app \(name)"] }
        }
    }

    struct Deployments: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List an app's deployments, newest first.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(name))/deployments")
            try options.emit(response, as: DeploymentListDTO.self) { list in
                list.deployments.isEmpty
                    ? ["no deployments"]
                    : list.deployments.map {
                        "\($0.active ? "*" : " ") \($0.id)\t\(APIText.of($0.createdAt))\t\($0.status)\t\(APIText.of($0.author))\t\(APIText.of($0.message))"
                    }
            }
        }
    }

    struct Activate: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Make an earlier deployment serve the app again.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Argument(help: "The deployment id (see 'hearth app deployments').") var id: String

        func execute(_ client: ManagementClient) async throws {
            let path = "/api/apps/\(ManagementClient.segment(name))/deployments/\(ManagementClient.segment(id))/activate"
            let response = try await client.send(.POST, path)
            try options.emit(response, as: DeploymentDTO.self) { ["deployment \($0.id) now serves \(name)"] }
        }
    }

    struct HostNames: ClientCommand {
        static let configuration = CommandConfiguration(commandName: "hostnames", abstract: "Replace an app's custom host names.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Argument(help: "The host names (none clears them).") var hostNames: [String] = []

        func execute(_ client: ManagementClient) async throws {
            let body = HostNamesRequest(hostNames: hostNames)
            let response = try await client.send(.PUT, "/api/apps/\(ManagementClient.segment(name))/hostnames", json: body)
            try options.emit(response, as: AppDTO.self) { ["\(name) host names: \(([$0.defaultHostName] + $0.hostNames).joined(separator: ", "))"] }
        }
    }
}
