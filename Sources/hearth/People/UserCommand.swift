import ArgumentParser
import Foundation
import HearthCore
import HearthManagement
import HearthStore

/// `hearth user add|list|remove|reset-password|grant|revoke|admin-link`: people, on the machine
/// that holds the store (no API token: like `hearth db` and `hearth secrets`, it opens the store).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the people who sign in to the portal (run on the machine, with access to the store).",
        discussion: """
            New users and password resets get a one-time setup link (valid 24 h) to set a password in the portal. \
            Every change is recorded in the audit log under your OS user name.
            """,
        subcommands: [Add.self, List.self, Remove.self, ResetPassword.self, Grant.self, Revoke.self, AdminLink.self]
    )

    /// Where the store is, and the portal's address for links.
    struct Options: ParsableArguments {
        @OptionGroup var store: SecretsCommand.StoreOptions

        @Option(help: "The portal's URL for printed links (default: the instance's portal URL setting, else http://127.0.0.1:7070).")
        var portalUrl: String?

        /// The store, and administration as the OS user.
        func open() async throws -> (any Store, UserAdministration) {
            let (opened, _) = try await store.open()
            return (opened, UserAdministration(store: opened, actor: AuditTrail.commandLineActor()))
        }

        func link(_ token: String, store opened: any Store) async -> String {
            let fallback = await FirstAdmin.portalURL(store: opened, fallback: "http://127.0.0.1:7070")
            return SetupLinkIssuer.link(portalURL: portalUrl ?? fallback, token: token)
        }
    }

    /// Runs `body`, turning management errors into a clear message and exit code 1.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ManagementError {
            Console.error("Error: \(error.message)")
            throw ExitCode(1)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a local user and print their setup link.")
        @OptionGroup var options: Options
        @Argument(help: "The login name.") var name: String
        @Flag(help: "Make the user an instance admin.") var admin = false
        @Option(help: "The name the portal shows (default: the login name).") var displayName: String?

        func run() async throws {
            try await UserCommand.run {
                let (store, people) = try await options.open()
                let (user, token) = try await people.add(name, displayName: displayName, isAdmin: admin)
                Console.say("added user '\(user.subject)'\(user.isAdmin ? " (admin)" : ""); setup link (valid 24 h, shown once):")
                Console.say("  \(await options.link(token, store: store))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their tenants and roles.")
        @OptionGroup var options: Options
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            let (_, people) = try await options.open()
            let entries = try await people.list()
            switch output {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let data = try encoder.encode(entries.map(UserLine.init))
                Console.say(String(decoding: data, as: UTF8.self))
            case .text:
                guard !entries.isEmpty else { return Console.say("no users") }
                for entry in entries.map(UserLine.init) {
                    let roles = entry.tenants.map { "\($0.tenant):\($0.role)" }.joined(separator: ",")
                    let flags = "admin=\(entry.admin ? "yes" : "no")\ttotp=\(entry.totp ? "on" : "off")"
                    Console.say("\(entry.name)\t\(entry.displayName)\t\(flags)\t\(roles.isEmpty ? "-" : roles)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user with their memberships, sessions and tokens.")
        @OptionGroup var options: Options
        @Argument(help: "The login name.") var name: String

        func run() async throws {
            try await UserCommand.run {
                let (_, people) = try await options.open()
                try await people.remove(name)
                Console.say("removed user '\(name.lowercased())'")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Clear a user's password (ending their sessions) and print a new setup link."
        )
        @OptionGroup var options: Options
        @Argument(help: "The login name.") var name: String

        func run() async throws {
            try await UserCommand.run {
                let (store, people) = try await options.open()
                let token = try await people.resetPassword(name)
                Console.say("password of '\(name.lowercased())' cleared, sessions ended; setup link (valid 24 h, shown once):")
                Console.say("  \(await options.link(token, store: store))")
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a user a role in a tenant (or change it).")
        @OptionGroup var options: Options
        @Argument(help: "The login name.") var name: String
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "owner, contributor or reader.") var role: String

        func run() async throws {
            try await UserCommand.run {
                let (_, people) = try await options.open()
                try await people.grant(name, tenant: tenant, role: role)
                Console.say("'\(name.lowercased())' is \(role.lowercased()) of tenant '\(tenant.lowercased())'")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a user out of a tenant.")
        @OptionGroup var options: Options
        @Argument(help: "The login name.") var name: String
        @Option(help: "The tenant.") var tenant: String

        func run() async throws {
            try await UserCommand.run {
                let (_, people) = try await options.open()
                try await people.revoke(name, tenant: tenant)
                Console.say("'\(name.lowercased())' is no longer a member of tenant '\(tenant.lowercased())'")
            }
        }
    }

    struct AdminLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "admin-link",
            abstract: "Print a new one-time link to set the first admin's (or --user's) password; older unused links stop working."
        )
        @OptionGroup var options: Options
        @Option(help: "The user (default: the first admin).") var user: String?

        func run() async throws {
            try await UserCommand.run {
                let (store, people) = try await options.open()
                let (account, token) = try await people.setupLink(for: user)
                Console.say("setup link for '\(account.subject)' (valid 24 h, shown once):")
                Console.say("  \(await options.link(token, store: store))")
            }
        }
    }
}

/// One user as `hearth user list --output json` prints it (no password or TOTP secret).
struct UserLine: Encodable {
    struct Membership: Encodable {
        var tenant: String
        var role: String
    }

    var name: String
    var displayName: String
    var admin: Bool
    var totp: Bool
    var passwordSet: Bool
    var tenants: [Membership]

    init(_ entry: UserAdministration.Entry) {
        self.name = entry.user.subject
        self.displayName = entry.user.displayName
        self.admin = entry.user.isAdmin
        self.totp = entry.user.totpEnabled
        self.passwordSet = entry.user.passwordHash != nil
        self.tenants = entry.memberships.map { Membership(tenant: $0.tenant, role: $0.role.rawValue) }
    }
}
