import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Third-party browser libraries from Debian's packages, served under `/static/vendor/{name}/…`
/// only from their own folders: a request names a file below a root, the path is resolved with
/// every symbolic link followed, and only a regular file still inside the resolved root is served.
/// `..`, `.`, empty and hidden components are refused before the file system is asked.
public struct VendorLibraries: Sendable {
    /// Library name in the URL → its folder.
    public var roots: [String: String]

    /// Debian's `libjs-codemirror` (CodeMirror 5) and `libjs-chart.js`.
    public static let debian = VendorLibraries(roots: [
        "codemirror": "/usr/share/javascript/codemirror",
        "chart.js": "/usr/share/javascript/chart.js",
    ])

    public init(roots: [String: String]) {
        self.roots = roots
    }

    /// Whether `library` is installed (its folder exists), so a page can load it or fall back.
    public func isInstalled(_ library: String) -> Bool {
        guard let root = roots[library] else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The real path of the file `relativePath` names below `library`'s root, or `nil` when the
    /// library is unknown, the path is malformed, the file is missing or not a regular file, or it
    /// resolves (through a link) to anywhere outside the root.
    public func resolve(library: String, relativePath: String) -> String? {
        guard let root = roots[library], let components = Self.safeComponents(relativePath) else { return nil }
        guard let realRoot = Self.realPath(root) else { return nil }
        guard let realFile = Self.realPath(realRoot + "/" + components.joined(separator: "/")) else { return nil }
        guard realFile.hasPrefix(realRoot + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: realFile, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return realFile
    }

    /// The path's components when every one is an ordinary name.
    static func safeComponents(_ path: String) -> [String]? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !components.isEmpty, components.count <= 16 else { return nil }
        for component in components {
            guard !component.isEmpty, !component.hasPrefix("."), !component.contains("\\"), !component.contains("\0") else {
                return nil
            }
        }
        return components
    }

    /// `realpath(3)`: the absolute path with every link resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The content type for a served file's extension.
    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
