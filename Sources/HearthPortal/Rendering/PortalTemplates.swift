import Mustache

/// The portal's templates and assets as the build embedded them (`Templates/*.mustache`,
/// `Assets/*`), loaded once into a ``MustacheLibrary``.
struct PortalTemplates: Sendable {
    let library: MustacheLibrary
    /// Asset file name (`portal.css`) → text.
    let assets: [String: String]

    /// Loads the embedded files; a template that does not parse is a build mistake, so it fails
    /// loudly at start rather than on a page.
    init(files: [String: String] = EmbeddedPortalFiles.files) throws {
        var library = MustacheLibrary()
        var assets: [String: String] = [:]
        for (path, text) in files {
            if path.hasPrefix("Templates/"), path.hasSuffix(".mustache") {
                let name = String(path.dropFirst("Templates/".count).dropLast(".mustache".count))
                try library.register(text, named: name)
            } else if path.hasPrefix("Assets/") {
                assets[String(path.dropFirst("Assets/".count))] = text
            }
        }
        self.library = library
        self.assets = assets
    }
}
