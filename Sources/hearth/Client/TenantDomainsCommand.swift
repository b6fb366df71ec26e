import ArgumentParser
import HearthManagement

/// `hearth tenant domains add|list|remove`: the domain suffixes a tenant's apps may use as custom
/// host names (instance admins grant and take them).
struct TenantDomainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domains",
        abstract: "Domains a tenant's apps may use as custom host names (admin token needed to change).",
        discussion: "An app's custom host names must be a granted domain or a name below it, e.g. 'orders.apps.acme.corp' under 'apps.acme.corp'.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a domain to a tenant.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The tenant.") var tenant: String
        @Argument(help: "A DNS name the tenant controls, such as apps.acme.corp.") var domain: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(
                .POST,
                "/api/tenants/\(ManagementClient.segment(tenant))/domains",
                json: TenantDomainRequest(domain: domain)
            )
            try options.emit(response, as: TenantDomainDTO.self) { ["tenant \(tenant) may use \($0.domain) and names below it"] }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's domains.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The tenant.") var tenant: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tenants/\(ManagementClient.segment(tenant))/domains")
            try options.emit(response, as: TenantDomainListDTO.self) { list in
                list.domains.isEmpty ? ["tenant \(tenant) has no domains"] : list.domains.map(\.domain)
            }
        }
    }

    struct Remove: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a domain back from a tenant.",
            discussion: "Host names below it stop routing at once; they are kept, disabled, with the reason."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The tenant.") var tenant: String
        @Argument(help: "The domain.") var domain: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(
                .DELETE,
                "/api/tenants/\(ManagementClient.segment(tenant))/domains/\(ManagementClient.segment(domain))"
            )
            options.emit(response) { ["took \(domain) back from tenant \(tenant)"] }
        }
    }
}
