import ArgumentParser
import AsyncHTTPClient
import Foundation
import HearthManagement
import HearthPackages
import HearthProfiles
import NIOHTTP1

/// `hearth publish [FOLDER] [--profile NAME|FILE]`: zip an app folder and deploy it to a
/// Kudu-compatible endpoint with a publish profile's credentials, showing progress, then print the
/// app's function URLs.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Zip an app folder and deploy it with a publish profile (any Kudu-compatible endpoint).",
        discussion: """
            The folder is zipped leaving out .git, local.settings.json and what .funcignore lists, sent to \
            {publishUrl}/api/zipdeploy?isAsync=true with the profile's credentials, and the deployment is \
            followed until it serves (or fails; the previous deployment then keeps serving).
            --profile takes a target saved with 'hearth profile import' or a .PublishSettings file; with one \
            saved target it may be left out.
            """
    )

    @Argument(help: "The app folder (with host.json).", completion: .directory) var folder: String = "."
    @Option(help: "A saved publish target's name, or a .PublishSettings file.") var profile: String?
    @Option(help: "Give up waiting for the deployment after this many seconds.") var timeout: Int = 600
    @Option(
        help: ArgumentHelp(
            "Also trust the CA certificates in this PEM file (a private CA's HTTPS endpoint; default: $SSL_CERT_FILE).",
            valueName: "file"
        )
    )
    var caFile: String?

    func validate() throws {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--ca-file \(caFile) cannot be read; give the path of the CA's certificate in PEM")
        }
    }

    func run() async throws {
        do {
            try await publish()
        } catch let error as ClientError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    func publish() async throws {
        let chosen = try resolveProfile()
        var client = KuduPublishClient(
            base: try KuduPublishClient.baseURL(publishUrl: chosen.publishUrl),
            user: chosen.userName,
            password: chosen.userPWD
        )
        guard let caFile else { return try await publish(chosen, client: client) }
        let privateCA = CLIHTTP.make(caFile: caFile)
        client.http = privateCA
        do {
            try await publish(chosen, client: client)
        } catch {
            try? await privateCA.shutdown()
            throw error
        }
        try? await privateCA.shutdown()
    }

    func publish(_ chosen: PublishProfile, client: KuduPublishClient) async throws {
        let package = try zipFolder()
        Console.say("publishing \(folder) to \(client.base) as \(chosen.userName) (\(ByteText.of(package.count)))")

        let meter = UploadMeter(total: package.count)
        let query = [("isAsync", "true"), ("deployer", "hearth"), ("author", ProcessInfo.processInfo.userName)]
        let reply = try await client.upload(package, query: query) { meter.report($0) }
        switch reply.status {
        case 202:
            guard let location = reply.headers.first(name: "Location") else {
                throw ClientError(message: "the endpoint accepted the upload (202) but sent no Location to follow")
            }
            Console.say("uploaded; deploying…")
            try await follow(client.resolve(location), client: client, destination: chosen.destinationAppUrl)
        case 200:
            try finish(reply.record ?? .empty, destination: chosen.destinationAppUrl)
        default:
            throw KuduPublishClient.failure(reply, action: "the upload")
        }
    }

    func resolveProfile() throws -> PublishProfile {
        let store = PublishTargetStore.standard
        if let profile {
            let path = (profile as NSString).expandingTildeInPath
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(message: "cannot read '\(profile)'") }
                do {
                    return try ProfileCommand.Import.choose(try PublishSettings(parsing: data).profiles, named: nil)
                } catch let error as ProfileError {
                    throw ClientError(message: "\(profile): \(error)")
                }
            }
            let (target, secrets) = try store.load(profile)
            return target.profile(with: secrets)
        }
        let names = store.names()
        guard names.count == 1 else {
            throw ClientError(
                message: names.isEmpty
                    ? "no publish target saved; import a profile with 'hearth profile import FILE' or pass --profile FILE"
                    : "several publish targets are saved (\(names.joined(separator: ", "))); say which with --profile NAME"
            )
        }
        let (target, secrets) = try store.load(names[0])
        return target.profile(with: secrets)
    }

    func zipFolder() throws -> Data {
        let url = URL(fileURLWithPath: (folder as NSString).expandingTildeInPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(folder)' is not a folder; give the app folder (the one with host.json)")
        }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("host.json").path) else {
            throw ValidationError("'\(folder)' has no host.json, so it is not a function app folder")
        }
        let ignore =
            (try? String(contentsOf: url.appendingPathComponent(".funcignore"), encoding: .utf8))?
            .split(whereSeparator: \.isNewline).map(String.init) ?? []
        return try PackageArchive.zipFolder(url, excluding: ignore + [".git/", "local.settings.json"])
    }

    /// Polls the deployment record until it is complete, printing status changes and new log lines.
    func follow(_ url: String, client: KuduPublishClient, destination: String?) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var lastStatus: String?
        var printedLog = 0
        while ContinuousClock.now < deadline {
            let reply = try await client.get(url)
            guard reply.status == 200 || reply.status == 202 else {
                throw KuduPublishClient.failure(reply, action: "following the deployment")
            }
            let record = reply.record ?? DeployResultDTO.empty
            let statusText = record.statusText.isEmpty ? "status \(record.status)" : record.statusText
            if statusText != lastStatus {
                Console.say("  \(statusText)")
                lastStatus = statusText
            }
            if !record.logUrl.isEmpty, let log = try? await client.get(client.resolve(record.logUrl)), log.status == 200,
                let entries = log.logEntries, entries.count > printedLog
            {
                for entry in entries[printedLog...] { Console.say("    \(entry.message)") }
                printedLog = entries.count
            }
            if record.complete || [3, 4].contains(record.status) {
                try finish(record, destination: destination)
                return
            }
            let retry = reply.headers.first(name: "Retry-After").flatMap(Int.init) ?? 1
            try await Task.sleep(for: .seconds(min(max(retry, 1), 5)))
        }
        throw ClientError(message: "the deployment did not finish within \(timeout) seconds; check it later at \(url)")
    }

    func finish(_ record: DeployResultDTO, destination: String?) throws {
        let id = record.id.isEmpty ? "-" : record.id
        guard record.status == 4 else {
            let message = record.message ?? "no reason given"
            throw ClientError(message: "deployment \(id) failed: \(message) (the previous deployment keeps serving)")
        }
        Console.say("deployment \(id) succeeded")
        if let functions = record.functions {
            FunctionLines.render(functions).forEach(Console.say)
        } else if let destination, !destination.isEmpty {
            Console.say("app: \(destination)")
        }
    }
}
