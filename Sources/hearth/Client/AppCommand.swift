import ArgumentParser

/// `hearth app create|list|show|delete|deploy|deployments|activate|hostnames`.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "Manage function apps and their deployments.",
        subcommands: [Create.self, List.self, Show.self, Delete.self, Deploy.self, Deployments.self, Activate.self, HostNames.self])

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app (with its master key and a default host key).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The app's name (a DNS label, unique in the instance).") var name: String
        @Option(help: "The tenant (tenant-scoped tokens may leave it out).") var tenant: String?
        @Option(name: .customLong("host-name"), help: "A custom host name routed to the app (repeatable).") var hostNames: [String] = []

        func execute(_ client: ManagementClient) async throws {
            var body: [String: Any] = ["name": name, "hostNames": hostNames]
            if let tenant { body["tenant"] = tenant }
            let response = try await client.send(.POST, "/api/apps", json: body)
            options.emit(response) { ["created app \($0.text("name")) in tenant \($0.text("tenant")); served at \($0.text("defaultHostName"))"] }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List apps.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only this tenant's apps.") var tenant: String?

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps", query: tenant.map { [("tenant", $0)] } ?? [])
            options.emit(response) { object in
                let apps = object.objects("apps")
                return apps.isEmpty ? ["no apps"] : apps.map { "\($0.text("name"))\ttenant=\($0.text("tenant"))\tdeployment=\($0.text("activeDeploymentId"))" }
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show an app: status, active deployment, functions and their URLs.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(name))")
            options.emit(response) { object in
                let app = object.object("app") ?? JSONObject([:])
                var lines = [
                    "app: \(app.text("name")) (tenant \(app.text("tenant")))",
                    "host names: \(([app.text("defaultHostName")] + app.strings("hostNames")).joined(separator: ", "))",
                ]
                if let status = object.object("status") {
                    lines.append("status: \(status.text("state"))\(status.string("reason").map { " — \($0)" } ?? "")")
                }
                if let deployment = object.object("activeDeployment") {
                    lines.append("active deployment: \(deployment.text("id")) (\(deployment.text("createdAt")))")
                } else {
                    lines.append("active deployment: none (deploy with 'hearth app deploy \(name) PATH')")
                }
                if let error = object.string("functionsError") { lines.append("warning: \(error)") }
                lines += FunctionLines.render(object.objects("functions"))
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
            options.emit(response) { _ in ["deleted app \(name)"] }
        }
    }

    struct Deployments: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List an app's deployments, newest first.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/apps/\(ManagementClient.segment(name))/deployments")
            options.emit(response) { object in
                let deployments = object.objects("deployments")
                return deployments.isEmpty ? ["no deployments"] : deployments.map {
                    "\($0.bool("active") == true ? "*" : " ") \($0.text("id"))\t\($0.text("createdAt"))\t\($0.text("status"))\t\($0.text("author"))\t\($0.text("message"))"
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
            options.emit(response) { ["deployment \($0.text("id")) now serves \(name)"] }
        }
    }

    struct HostNames: ClientCommand {
        static let configuration = CommandConfiguration(commandName: "hostnames", abstract: "Replace an app's custom host names.")
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Argument(help: "The host names (none clears them).") var hostNames: [String] = []

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.PUT, "/api/apps/\(ManagementClient.segment(name))/hostnames", json: ["hostNames": hostNames])
            options.emit(response) { ["\(name) host names: \(([$0.text("defaultHostName")] + $0.strings("hostNames")).joined(separator: ", "))"] }
        }
    }
}
