/// Where each value of a parsed JSON document starts, recorded by the parser (``JSONDocument``).
///
/// An object member is found at its key (where an editor would point), an array element at its value,
/// the whole document (`$`) at its first value. Lookups fall back to a key spelled in another case
/// (host.json keys are case-insensitive) and then to the nearest enclosing value, so a problem about a
/// missing member points at the object that lacks it.
public struct JSONPositions: Sendable {
    private let byPath: [[JSONPathComponent]: JSONPosition]
    private let byFoldedPath: [[JSONPathComponent]: JSONPosition]

    init(_ byPath: [[JSONPathComponent]: JSONPosition]) {
        self.byPath = byPath
        var folded: [[JSONPathComponent]: JSONPosition] = [:]
        for (path, position) in byPath {
            let key = Self.folded(path)
            if let existing = folded[key], (existing.line, existing.column) < (position.line, position.column) { continue }
            folded[key] = position
        }
        self.byFoldedPath = folded
    }

    /// The start of the value at exactly this path, or `nil` if the document has none there.
    public func position(at path: [JSONPathComponent]) -> JSONPosition? {
        byPath[path]
    }

    /// The start of the value at this path, of the same path in other letter case, or of its nearest
    /// enclosing value.
    /// - Parameters:
    ///   - path: The path.
    ///   - orDocument: Whether the document itself (`$`) counts as an enclosing value; with `false`, a
    ///     path none of whose members exist has no position.
    public func nearest(_ path: [JSONPathComponent], orDocument: Bool = true) -> JSONPosition? {
        var path = path
        while !path.isEmpty || orDocument {
            if let hit = byPath[path] ?? byFoldedPath[Self.folded(path)] { return hit }
            if path.isEmpty { return nil }
            path.removeLast()
        }
        return nil
    }

    /// ``nearest(_:)`` for a path written as validation issues write it (`$.bindings[0].route`).
    public func nearest(jsonPath: String) -> JSONPosition? {
        JSONPathComponent.components(of: jsonPath).flatMap { nearest($0) }
    }

    private static func folded(_ path: [JSONPathComponent]) -> [JSONPathComponent] {
        path.map { component in
            if case .key(let key) = component { return .key(key.lowercased()) }
            return component
        }
    }
}
