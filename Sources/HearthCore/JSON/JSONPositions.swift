/// Where a value starts in a JSON document: 1-based line and column (the column counts Unicode
/// scalars, as ``JSONSyntaxError`` does, so it matches what an editor shows).
public struct JSONPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// Where every value of a parsed document starts, by JSON path, as ``JSONValue/parseWithPositions(_:file:)``
/// records it.
///
/// A path is a list of ``Component``s: object keys and array indices. For an object member the
/// position is where its key starts (the line a reader looks for); for an array element or the
/// document itself, where the value starts.
///
/// ```swift
/// let (json, positions) = try JSONValue.parseWithPositions(data, file: "function.json")
/// positions.position(atJSONPath: "$.bindings[0].schedule")  // JSONPosition(line: 5, column: 7)
/// ```
public struct JSONPositions: Sendable {
    /// One step of a path: an object key or an array index.
    public struct Component: Sendable, Hashable, CustomStringConvertible {
        var key: String?
        var index: Int?

        /// The member `key` of an object.
        public static func key(_ key: String) -> Component { Component(key: key, index: nil) }
        /// The element at `index` (0-based) of an array.
        public static func index(_ index: Int) -> Component { Component(key: nil, index: index) }

        /// `.key` or `[index]`, as in `$.bindings[0].type`.
        public var description: String { index.map { "[\($0)]" } ?? ".\(key ?? "")" }

        var lowercased: Component { Component(key: key?.lowercased(), index: index) }
    }

    private var positions: [[Component]: JSONPosition]
    /// The same, keys lower-cased, for paths that spell a key in another case (the Functions host
    /// reads host.json and function.json keys case-insensitively).
    private var lowercased: [[Component]: JSONPosition]

    init(_ positions: [[Component]: JSONPosition]) {
        self.positions = positions
        var lowercased: [[Component]: JSONPosition] = [:]
        for (path, position) in positions {
            let key = path.map(\.lowercased)
            if let existing = lowercased[key], (existing.line, existing.column) < (position.line, position.column) { continue }
            lowercased[key] = position
        }
        self.lowercased = lowercased
    }

    /// The position of the value at `path` (exact, then case-insensitive), or `nil` when the
    /// document has nothing there.
    public func position(at path: [Component]) -> JSONPosition? {
        positions[path] ?? lowercased[path.map(\.lowercased)]
    }

    /// The position at `path`, or of its closest ancestor the document has (a missing key is
    /// reported where its object starts); `nil` only for a path outside the document.
    public func nearestPosition(at path: [Component]) -> JSONPosition? {
        var path = path
        while true {
            if let found = position(at: path) { return found }
            if path.isEmpty { return nil }
            path.removeLast()
        }
    }

    /// ``nearestPosition(at:)`` for a path written as Hearth's validation issues write it:
    /// `$`, `$.bindings[0].type`. Keys are the text between dots (a key holding a dot or `[` cannot
    /// be named this way; its closest ancestor is found instead).
    public func nearestPosition(atJSONPath text: String) -> JSONPosition? {
        guard let path = Self.components(ofJSONPath: text) else { return nil }
        return nearestPosition(at: path)
    }

    /// `$.a[0].b` as components; `nil` when the text does not start with `$`.
    static func components(ofJSONPath text: String) -> [Component]? {
        guard text.hasPrefix("$") else { return nil }
        var components: [Component] = []
        var rest = text.dropFirst()
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                components.append(.key(String(rest[..<end])))
                rest = rest[end...]
            } else if first == "[", let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                break
            }
        }
        return components
    }
}
