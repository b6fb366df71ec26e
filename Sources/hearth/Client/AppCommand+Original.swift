import ArgumentParser
import Foundation

extension AppCommand {
    /// `hearth app original APP ID --out FILE`: the zip a deployment was uploaded as, when Hearth
    /// upgraded it on the way in (`hearth app deploy --upgrade`, or the app setting `HEARTH_UPGRADE_V1`).
    struct Original: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the original upload of a deployment that was upgraded on the way in.",
            discussion: "Only deployments of Functions v1 apps upgraded at deploy time have one; others serve their upload as it was."
        )
        @OptionGroup var options: ClientOptions
        @Argument var name: String
        @Argument(help: "The deployment id (see 'hearth app deployments').") var id: String
        @Option(help: ArgumentHelp("Where to write the zip (must not exist).", valueName: "FILE"), completion: .file()) var out: String

        func execute(_ client: ManagementClient) async throws {
            let url = URL(fileURLWithPath: (out as NSString).expandingTildeInPath)
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw ValidationError("'\(out)' exists; give a new file name")
            }
            let path = "/api/apps/\(ManagementClient.segment(name))/deployments/\(ManagementClient.segment(id))/original"
            let response = try await client.send(.GET, path)
            try response.body.write(to: url, options: .withoutOverwriting)
            if options.output == .text { print("wrote \(response.body.count) bytes to \(out)") }
        }
    }
}
