import ArgumentParser
import Foundation
import HearthManagement
import HearthPackages
import HearthStore

extension AppCommand {
    /// `hearth app deploy APP PATH`: zip a folder (honouring .funcignore) or send a .zip, and print
    /// the function URLs once the new deployment serves.
    struct Deploy: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy a folder or a .zip as a new deployment.",
            discussion:
                "A folder is zipped first, leaving out .git, local.settings.json and whatever .funcignore lists. The server validates the app before switching to it; a failed deploy leaves the previous deployment serving."
        )
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Argument(help: "The app folder (with host.json) or a .zip of it.", completion: .file()) var path: String
        @Option(help: "Recorded as the deployment's message.") var message: String?
        @Option(help: "Recorded as the deployment's author (default: the token's name).") var author: String?
        @Flag(help: "Upload and validate, but keep the current deployment serving.") var noActivate = false
        @Flag(help: "Upgrade a Functions v1 app to v4 on the server first (as 'hearth upgrade' does); the original upload is kept.")
        var upgrade = false

        func execute(_ client: ManagementClient) async throws {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ValidationError("'\(path)' does not exist; give the app folder or a .zip of it")
            }
            let package: Data
            if isDirectory.boolValue {
                let ignore =
                    (try? String(contentsOf: url.appendingPathComponent(".funcignore"), encoding: .utf8))?
                    .split(whereSeparator: \.isNewline).map(String.init) ?? []
                package = try PackageArchive.zipFolder(url, excluding: ignore + [".git/", "local.settings.json"])
            } else {
                package = try Data(contentsOf: url)
            }
            var query: [(String, String)] = []
            if let message { query.append(("message", message)) }
            if let author { query.append(("author", author)) }
            if noActivate { query.append(("activate", "false")) }
            if upgrade { query.append(("upgrade", "true")) }
            if options.output == .text {
                FileHandle.standardError.write(Data("uploading \(package.count) bytes to \(name)…\n".utf8))
            }
            let response = try await client.send(
                .POST,
                "/api/apps/\(ManagementClient.segment(name))/deployments",
                query: query,
                body: package,
                contentType: "application/zip"
            )
            try options.emit(response, as: DeploymentDTO.self) { deployment in
                let state = deployment.active ? "now serving" : "uploaded (not active; 'hearth app activate \(name) \(deployment.id)' to switch)"
                return ["deployment \(deployment.id) \(state)"] + FunctionLines.render(deployment.functions ?? [])
            }
        }
    }
}
