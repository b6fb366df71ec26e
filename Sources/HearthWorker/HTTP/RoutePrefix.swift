import HearthCore

/// An app's route prefix (host.json `extensions.http.routePrefix`) as the front strips it from a
/// request path, prepared once per loaded app: trimmed of slashes and lower-cased at load, not per
/// request.
struct RoutePrefix: Sendable {
    /// The prefix without surrounding slashes, as written (`""` = no prefix); 404 messages name it.
    let trimmed: String
    /// `/` and the lower-cased prefix: what a path must start with, in any case.
    let head: String
    /// Whether ``head`` is all ASCII: an ASCII path is then compared with it on bytes.
    private let headIsASCII: Bool

    init(_ routePrefix: String) {
        var prefix = Substring(routePrefix)
        while prefix.hasPrefix("/") { prefix = prefix.dropFirst() }
        while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
        trimmed = String(prefix)
        head = "/" + prefix.lowercased()
        headIsASCII = head.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The path after the prefix, or `nil` when the path is not under it (the front answers 404).
    ///
    /// The path is under the prefix when, lower-cased, it is ``head`` or starts with ``head`` and
    /// `/`. An ASCII path is compared on its bytes (ASCII letters made small, as `lowercased()`
    /// does to ASCII text); any other by lower-cased Characters.
    /// - Parameters:
    ///   - path: The app's path (from `/`), without the query.
    ///   - isASCII: Whether every byte of `path` is ASCII.
    func strip(_ path: Substring, isASCII: Bool) -> Substring? {
        if trimmed.isEmpty { return path }
        if isASCII, headIsASCII {
            guard path.hasPrefixIgnoringASCIICase(head) else { return nil }
            let rest = path.utf8.dropFirst(head.utf8.count)
            guard rest.first.map({ $0 == UInt8(ascii: "/") }) ?? true else { return nil }
            return path[rest.startIndex...]
        }
        let lowered = path.lowercased()
        guard lowered == head || lowered.hasPrefix(head + "/") else { return nil }
        return path.dropFirst(head.count)
    }
}
