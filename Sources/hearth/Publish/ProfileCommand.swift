import ArgumentParser
import Foundation
import HearthCore
import HearthProfiles

/// `hearth profile import|list|show|remove`: publish profiles saved as named publish targets.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Import and manage publish profiles (.PublishSettings) for 'hearth publish'.",
        discussion:
            "Targets are kept in ~/.config/hearth/publish-targets/ (or $XDG_CONFIG_HOME/hearth/publish-targets/); passwords and connection strings in separate files only you can read.",
        subcommands: [Import.self, List.self, Show.self, Remove.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a publish profile (from Hearth, Azure or an IDE), show what it holds and save it as a publish target."
        )
        @Argument(help: "The .PublishSettings file.", completion: .file(extensions: ["PublishSettings", "publishsettings", "xml"])) var file: String
        @Option(help: "The target's name (default: the app's name, made a valid file name: 'legacy' for 'Default Web Site/legacy').")
        var name: String?
        @Option(
            name: .customLong("profile-name"),
            help: "Which profile of the file to use (default: its ZipDeploy profile, else its Web Deploy one)."
        )
        var profileName: String?

        func run() throws {
            let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ClientError(message: "cannot read '\(file)'; give the path of a .PublishSettings file")
            }
            let settings: PublishSettings
            do {
                settings = try PublishSettings(parsing: data)
            } catch {
                throw ClientError(message: "\(file): \(error)")
            }
            Console.say("\(file): \(settings.profiles.count) profile\(settings.profiles.count == 1 ? "" : "s")")
            for profile in settings.profiles { ProfileText.summary(profile).forEach(Console.say) }
            let chosen = try Self.choose(settings.profiles, named: profileName)
            let targetName = name ?? PublishTargetName.derived(from: chosen)
            try PublishTargetStore.validate(name: targetName)
            if name == nil, targetName != chosen.siteName {
                let site = chosen.siteName
                Console.say("the site name '\(site)' cannot name a publish target; using '\(targetName)' (choose another with --name)")
            }
            let store = PublishTargetStore.standard
            let replaced = store.exists(targetName)
            try store.save(PublishTarget(name: targetName, source: url.path, profile: chosen), secrets: PublishTarget.secrets(of: chosen))
            Console.say("\(replaced ? "replaced" : "saved") publish target '\(targetName)' from profile '\(chosen.profileName)'")
            Console.say("publish with: hearth publish APP_FOLDER --profile \(targetName)")
        }

        /// The named profile, else the first ZipDeploy one, else the first Web Deploy one (same SCM host).
        static func choose(_ profiles: [PublishProfile], named: String?) throws -> PublishProfile {
            if let named {
                guard let match = profiles.first(where: { $0.profileName == named }) else {
                    throw ClientError(
                        message: "the file has no profile named '\(named)'; it has: \(profiles.map { "'\($0.profileName)'" }.joined(separator: ", "))"
                    )
                }
                return match
            }
            if let zip = profiles.first(where: { $0.publishMethod == .zipDeploy }) { return zip }
            if let web = profiles.first(where: { $0.publishMethod == .msDeploy }) { return web }
            throw ClientError(
                message:
                    "the file has no ZipDeploy or Web Deploy (MSDeploy) profile, only \(profiles.map(\.publishMethod.rawValue).joined(separator: ", ")); FTP profiles cannot be used to publish. Download the profile again, or pick one with --profile-name"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved publish targets.")

        func run() throws {
            let store = PublishTargetStore.standard
            let names = store.names()
            guard !names.isEmpty else {
                Console.say("no publish targets; import one with 'hearth profile import FILE'")
                return
            }
            for name in names {
                guard let (target, _) = try? store.load(name) else {
                    Console.say("\(name)\t(unreadable; import it again)")
                    continue
                }
                let url = target.attributes.first { $0.name == "publishUrl" }?.value ?? "-"
                let user = target.attributes.first { $0.name == "userName" }?.value ?? "-"
                Console.say("\(name)\t\(url)\tuser=\(user)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a publish target (the password is hidden).")
        @Argument(help: "The target's name.") var name: String

        func run() throws {
            let (target, secrets) = try PublishTargetStore.standard.load(name)
            Console.say("publish target: \(target.name)")
            Console.say("imported from: \(target.source) (\(UTCTimestamp.iso8601(target.importedAt)))")
            ProfileText.details(target.profile(with: secrets)).forEach(Console.say)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a saved publish target and its password.")
        @Argument(help: "The target's name.") var name: String

        func run() throws {
            guard try PublishTargetStore.standard.remove(name) else {
                throw ClientError(message: "there is no publish target '\(name)'; see 'hearth profile list'")
            }
            Console.say("removed publish target '\(name)'")
        }
    }
}
