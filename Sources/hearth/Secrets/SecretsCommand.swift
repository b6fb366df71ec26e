import ArgumentParser
import Foundation
import HearthStore
import Logging

/// `hearth secrets status|new-key|rotate-master-key`: the master keys that seal secrets at rest.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Replace the master key that encrypts secrets at rest.",
        discussion: """
            Master keys form a ring: the first key (of HEARTH_MASTER_KEY, comma-separated, or of master.key, one per line) \
            seals new secrets; the others open what they sealed. To replace the key, across a fleet:
              1. 'hearth secrets new-key' prints a new key; give it to every role as an additional key and restart them
                 ('new-key --install' adds it to this data directory's master.key as the primary).
              2. Make it the first key where roles read keys, then run 'hearth secrets rotate-master-key': every secret
                 (settings, function keys, publishing passwords) is sealed again under it, in batches, while Hearth serves.
                 Interrupted, run it again: it goes on where it stopped.
              3. When it says no secret uses the old key any more, remove that key everywhere ('rotate-master-key --retire'
                 removes it from this data directory's master.key).
            """,
        subcommands: [Status.self, NewKey.self, Rotate.self]
    )

    /// Where the store and the keys are.
    struct StoreOptions: ParsableArguments {
        @Option(help: "The data directory (master.key and the embedded store).")
        var dataDir: String = ".hearth"

        @Option(help: "SQL Server connection string or mssql:// URL (default: $HEARTH_STORE, else the embedded SQLite store in --data-dir).")
        var store: String?

        var dataDirectory: URL { URL(fileURLWithPath: dataDir).standardizedFileURL }

        func open() async throws -> (any Store, SecretCipher) {
            CommandLineSecretWarning.check(store: store)
            let key = try MasterKey.load(dataDirectory: dataDirectory)
            let store = try await StoreFactory.open(
                connectionString: store ?? ProcessInfo.processInfo.environment["HEARTH_STORE"],
                dataDirectory: dataDirectory,
                cipher: key.cipher,
                logger: Logger(label: "hearth.secrets")
            )
            return (store, key.cipher)
        }
    }

    /// Lines saying which keys seal how many secrets, and which of them this process lacks.
    static func describe(_ counts: [SecretCipher.KeyID?: Int], cipher: SecretCipher) -> [String] {
        var lines = cipher.keyIDs.map { id in
            "key \(id)\(id == cipher.primaryKeyID ? " (primary)" : "")  \(counts[id] ?? 0) secret(s)"
        }
        for (id, count) in counts.sorted(by: { ($0.key?.description ?? "") < ($1.key?.description ?? "") })
        where id.map({ !cipher.keyIDs.contains($0) }) ?? true {
            lines.append(
                id.map { "key \($0) (NOT AVAILABLE to this process)  \(count) secret(s)" }
                    ?? "without a key id (sealed before key rings)  \(count) secret(s)"
            )
        }
        return lines
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which master keys seal how many stored secrets.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let (store, cipher) = try await options.open()
            for line in SecretsCommand.describe(try await store.sealedSecretCounts(), cipher: cipher) { print(line) }
        }
    }

    struct NewKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-key",
            abstract: "Make a new master key: print it, or install it as the primary key of the data directory's master.key."
        )
        @Option(help: "The data directory whose master.key --install changes.")
        var dataDir: String = ".hearth"
        @Flag(help: "Add the key to <data-dir>/master.key as the primary key (the keys it had stay, to open what they sealed).")
        var install = false

        func run() async throws {
            let key = MasterKey.generate()
            let id = SecretCipher.id(of: key)
            if install {
                try MasterKey.installPrimary(key, dataDirectory: URL(fileURLWithPath: dataDir).standardizedFileURL)
                print(
                    "installed master key \(id) as the primary key of \(dataDir)/\(MasterKey.fileName); restart the roles that use it, then run 'hearth secrets rotate-master-key'"
                )
            } else {
                print(key.base64EncodedString())
                FileHandle.standardError.write(
                    Data("master key \(id): put it first in HEARTH_MASTER_KEY (comma-separated, old keys after it) on every role\n".utf8)
                )
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master-key",
            abstract: "Seal every stored secret again under the primary master key, in batches, while Hearth serves."
        )
        @OptionGroup var options: StoreOptions
        @Option(help: "Secrets sealed again per transaction.")
        var batch: Int = 100
        @Flag(help: "Then remove keys no stored secret uses from <data-dir>/master.key.")
        var retire = false

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be at least 1") }
        }

        func run() async throws {
            let (store, cipher) = try await options.open()
            var total = 0
            while true {
                let done = try await store.resealSecrets(limit: batch)
                if done == 0 { break }
                total += done
                print("sealed \(total) secret(s) again under key \(cipher.primaryKeyID)")
            }
            let counts = try await store.sealedSecretCounts()
            for line in SecretsCommand.describe(counts, cipher: cipher) { print(line) }
            let unused = cipher.keyIDs.filter { $0 != cipher.primaryKeyID && (counts[$0] ?? 0) == 0 }
            let stillUsed = counts.filter { $0.key != cipher.primaryKeyID && $0.value > 0 }
            guard stillUsed.isEmpty else {
                print("some secrets are still under other keys (written meanwhile, or sealed with a key this process lacks); run this again")
                throw ExitCode(1)
            }
            if unused.isEmpty {
                print("every stored secret is sealed with key \(cipher.primaryKeyID)")
            } else if retire {
                try MasterKey.retire(Set(unused), dataDirectory: options.dataDirectory)
                print(
                    "no stored secret uses key(s) \(unused.map(\.description).joined(separator: ", ")) any more; removed from \(options.dataDir)/\(MasterKey.fileName)"
                )
            } else {
                print(
                    "no stored secret uses key(s) \(unused.map(\.description).joined(separator: ", ")) any more: remove them from HEARTH_MASTER_KEY or master.key on every role (--retire does it for this data directory)"
                )
            }
        }
    }
}
