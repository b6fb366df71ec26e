import Foundation
import PackagePlugin

/// Embeds files a target runs as text into it as Swift source, so the `hearth` binary carries their
/// exact text with no file lookups at run time:
/// - HearthStore: the package's `Migrations/` folder (the runner and `hearth db script` need the
///   exact text that DBAs review), as `EmbeddedMigrations.files`;
/// - HearthWorker: the language workers' scripts in `Sources/HearthWorker/Node/Scripts/` (a `.js`
///   file that can be read, linted and checked with `node --check`), as `EmbeddedScripts.files`;
/// - HearthPortal: the portal's templates (`Templates/*.mustache`) and assets (`Assets/*.css`, `*.js`)
///   below `Sources/HearthPortal`, as `EmbeddedPortalFiles.files`, so the binary needs no resource bundle.
///
/// One plugin and one tool (HearthEmbedTool) own all embedding; a target that uses the plugin gets
/// an entry in ``embeddings``.
@main
struct EmbedMigrations: BuildToolPlugin {
    struct Embedding {
        /// The folder, relative to the package root.
        var folder: String
        /// One extension, or several separated by commas (`mustache,css,js`).
        var fileExtension: String
        /// The generated enum holding `static let files: [String: String]`.
        var enumName: String
    }

    static let embeddings: [String: Embedding] = [
        "HearthStore": Embedding(folder: "Migrations", fileExtension: "sql", enumName: "EmbeddedMigrations"),
        "HearthWorker": Embedding(folder: "Sources/HearthWorker/Node/Scripts", fileExtension: "js", enumName: "EmbeddedScripts"),
        "HearthPortal": Embedding(folder: "Sources/HearthPortal", fileExtension: "mustache,css,js", enumName: "EmbeddedPortalFiles"),
    ]

    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let embedding = Self.embeddings[target.name] else {
            throw PluginError(message: "EmbedMigrations has nothing to embed for target '\(target.name)'; add it to EmbedMigrations.embeddings")
        }
        let root = context.package.directoryURL.appending(path: embedding.folder)
        let extensions = Set(embedding.fileExtension.split(separator: ",").map(String.init))
        var inputs: [URL] = []
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where extensions.contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(embedding.enumName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) \(embedding.fileExtension) file(s) of \(embedding.folder)",
                executable: try context.tool(named: "HearthEmbedTool").url,
                arguments: [root.path, embedding.fileExtension, embedding.enumName, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

struct PluginError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
