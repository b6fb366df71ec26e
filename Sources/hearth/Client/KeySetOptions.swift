import ArgumentParser

/// Which keys a `hearth keys` command addresses: one function's (`--function F`), system keys
/// (`--system`), the master key (`--master`), or host keys (default).
struct KeySetOptions: ParsableArguments {
    @Option(help: "A function's keys.") var function: String?
    @Flag(help: "System keys.") var system = false
    @Flag(help: "The master key.") var master = false

    func validate() throws {
        if [function != nil, system, master].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --function, --system and --master (none means host keys)")
        }
    }

    /// `/api/apps/{app}/admin/...keys` for the chosen set.
    func collectionPath(app: String) -> String {
        let base = "/api/apps/\(ManagementClient.segment(app))/admin"
        if let function { return "\(base)/functions/\(ManagementClient.segment(function))/keys" }
        if system { return "\(base)/host/systemkeys" }
        return "\(base)/host/keys"
    }

    func keyPath(app: String, name: String?) throws -> String {
        if master { return collectionPath(app: app) + "/_master" }
        guard let name else { throw ValidationError("give the key's NAME (or --master)") }
        return collectionPath(app: app) + "/" + ManagementClient.segment(name)
    }
}
