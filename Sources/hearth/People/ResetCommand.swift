import ArgumentParser
import Foundation
import HearthManagement

/// `hearth reset --factory`: erase the instance and start again as on its first start.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Reset the instance to factory defaults (run on the machine, with access to the store).",
        discussion: """
            Exports the audit log to <data-dir>/audit-before-reset-<time>.jsonl, then removes every tenant, app, deployment, \
            key, secret, user, API token and log, replaces the master key in master.key, and prints a new admin API token and \
            a setup link for the first admin. Running roles keep serving; workers stop the apps that vanish. \
            Asks you to type '\(FactoryReset.confirmation)' (or pass --confirm \(FactoryReset.confirmation) in scripts).
            """
    )

    @OptionGroup var store: SecretsCommand.StoreOptions
    @Flag(help: "Erase everything (required).") var factory = false
    @Option(help: "The confirmation, for scripts: '\(FactoryReset.confirmation)'.") var confirm: String?
    @Option(help: "The portal's URL for the printed link (default: the setting, else http://127.0.0.1:7070).") var portalUrl: String?

    func validate() throws {
        guard factory else { throw ValidationError("add --factory: 'hearth reset --factory' erases everything this instance holds") }
    }

    func run() async throws {
        var typed = confirm
        if typed == nil {
            Console.say("This erases every tenant, app, deployment, key, secret, user, API token and log of this instance.")
            Console.say("Type '\(FactoryReset.confirmation)' to go on:")
            typed = readLine(strippingNewline: true)
        }
        guard FactoryReset.isConfirmed(typed) else {
            let word = FactoryReset.confirmation
            Console.error("Error: not confirmed, nothing was changed; type '\(word)' (or --confirm \(word))")
            throw ExitCode(1)
        }
        let (opened, _) = try await store.open()
        let reset = FactoryReset(store: opened, dataDirectory: store.dataDirectory)
        let outcome = try await reset.run(actor: AuditTrail.commandLineActor())
        let portal = await FirstAdmin.portalURL(store: opened, fallback: "http://127.0.0.1:7070")
        Console.say("Factory reset done; the audit log before it (\(outcome.exportedEvents) event(s)) is in \(outcome.auditFile.path)")
        Console.say(outcome.masterKey)
        Console.say("Admin token (shown once, store it now): \(outcome.adminToken)")
        Console.say("  export HEARTH_TOKEN=\(outcome.adminToken)")
        Console.say("Set the first admin's password (link valid 24 h, shown once):")
        Console.say("  \(SetupLinkIssuer.link(portalURL: portalUrl ?? portal, token: outcome.setupToken))")
    }
}
