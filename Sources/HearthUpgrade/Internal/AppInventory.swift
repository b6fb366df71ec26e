internal import Foundation
internal import HearthCore

/// The app as the planner sees it: every file's bytes, the JSON files parsed, the function folders.
struct AppInventory {
    /// A function: its folder name (= function name) and parsed function.json.
    struct Function {
        var name: String
        var path: String
        var json: JSONValue
        var folder: String { name }
    }

    let files: [String: Data]
    private(set) var json: [String: JSONValue] = [:]
    private(set) var positions: [String: JSONPositions] = [:]
    private(set) var functions: [Function] = []

    /// JSON files the planner reads; every one must parse.
    static func isPlannedJSON(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let depth = path.split(separator: "/").count
        switch name {
        case "host.json", "local.settings.json", "proxies.json", "package.json": return depth == 1 || name == "package.json" && depth <= 2
        case "function.json": return depth == 2
        case "project.json": return depth <= 2
        default: return false
        }
    }

    init(files: [String: Data]) throws(UpgradeError) {
        self.files = files
        for path in files.keys.sorted() where Self.isPlannedJSON(path) {
            let data = files[path]!
            do {
                let document = try JSONDocument.parse(data, file: path)
                json[path] = document.value
                positions[path] = document.positions
            } catch {
                throw UpgradeError(
                    code: .invalidInput,
                    message: "\(error.message) — \(error.fix)",
                    file: error.file,
                    line: error.line,
                    column: error.column,
                    cause: error
                )
            }
        }
        functions = json.keys.filter { $0.hasSuffix("/function.json") }.sorted().map { path in
            Function(name: String(path.dropLast("/function.json".count)), path: path, json: json[path]!)
        }
        for path in files.keys.sorted() where Self.isCodeFile(path) {
            guard String(data: files[path]!, encoding: .utf8) != nil else {
                throw UpgradeError(code: .invalidInput, message: "the file is not valid UTF-8 text", file: path)
            }
        }
    }

    static let codeExtensions: Set<String> = ["js", "mjs", "cjs", "csx", "cs", "csproj", "fsproj", "fsx", "proj"]

    static func isCodeFile(_ path: String) -> Bool { codeExtensions.contains(fileExtension(path)) }

    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }

    /// The line of the key at `keyPath` (key names, `#<index>` for array elements; exact or in another
    /// case), or of its nearest existing enclosing member.
    func line(_ path: String, _ keyPath: [String]) -> Int? {
        let components = keyPath.map { step -> JSONPathComponent in
            if step.hasPrefix("#"), let index = Int(step.dropFirst()) { return .index(index) }
            return .key(step)
        }
        return positions[path]?.nearest(components, orDocument: false)?.line
    }

    /// Paths with an extension, sorted, skipping build output.
    func paths(withExtension ext: String) -> [String] {
        files.keys.filter { Self.fileExtension($0) == ext && !Self.isBuildOutput($0) }.sorted()
    }

    static func isBuildOutput(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.contains("bin") || parts.contains("obj") || parts.contains("node_modules")
    }

    /// Files of a function folder.
    func files(inFunction name: String) -> [String] {
        files.keys.filter { $0.hasPrefix(name + "/") }.sorted()
    }

    var host: JSONValue? { json["host.json"] }
    var settings: JSONValue? { json["local.settings.json"] }
    var settingsValues: JSONValue? { settings?["Values"] }
}
