import ArgumentParser
import HearthStore

/// `hearth db worker-role`: the script a DBA runs to create the `hearth_worker` database role
/// (grants for what a worker does, no access to people, sessions, tokens or the audit log).
struct DatabaseWorkerRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker-role",
        abstract: "Print the T-SQL that creates the hearth_worker database role for workers' logins.",
        discussion: """
            Run it once per database after 'hearth db migrate' (and again after upgrades that add tables) as a login \
            that may create roles, then add each worker's database user to the role (ALTER ROLE hearth_worker ADD MEMBER …). \
            The role cannot read users, sessions, API tokens, publishing credentials or the audit log.
            """
    )

    func run() async throws {
        Console.say(SQLServerWorkerRole.script)
    }
}
