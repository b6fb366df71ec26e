/// One step of a path into a JSON document: an object member's key or an array element's index.
public enum JSONPathComponent: Sendable, Hashable {
    /// The member of an object with this key.
    case key(String)
    /// The element of an array at this index (0-based).
    case index(Int)

    /// The components of a path written as Hearth's validation issues write it: `$`, `$.bindings[0].route`.
    ///
    /// Returns `nil` when the text is not such a path.
    public static func components(of jsonPath: String) -> [JSONPathComponent]? {
        guard jsonPath.first == "$" else { return nil }
        var components: [JSONPathComponent] = []
        var rest = jsonPath.dropFirst()
        while let first = rest.first {
            if first == "." {
                let key = rest.dropFirst().prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty else { return nil }
                components.append(.key(String(key)))
                rest = rest.dropFirst(1 + key.count)
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]) else { return nil }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return components
    }
}
