import HearthCore

/// An app's route prefix (host.json `extensions.http.routePrefix`) as the front strips it from a
/// request path, prepared once per loaded app: trimmed of slashes and lower-cased at load, not per
/// request.
struct RoutePrefix: Sendable {
    /// The prefix without surrounding slashes, as written (`""` = no prefix); 404 messages name it.
    let trimmed: String
    /// `/` and the lower-cased prefix: what a path must start with, in any case.
    let head: String
    /// ``head``'s bytes when it is all ASCII, compared with an ASCII path byte by byte.
    private let asciiHead: [UInt8]?

    init(_ routePrefix: String) {
        var prefix = Substring(routePrefix)
        while prefix.hasPrefix("/") { prefix = prefix.dropFirst() }
        while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
        trimmed = String(prefix)
        head = "/" + prefix.lowercased()
        asciiHead = head.utf8.allSatisfy { $0 < 0x80 } ? Array(head.utf8) : nil
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
        if isASCII, let asciiHead {
            let bytes = path.utf8
            guard bytes.count >= asciiHead.count else { return nil }
            var index = bytes.startIndex
            for byte in asciiHead {
                guard asciiLowercased(bytes[index]) == byte else { return nil }
                index = bytes.index(after: index)
            }
            guard index == bytes.endIndex || bytes[index] == UInt8(ascii: "/") else { return nil }
            return path[index...]
        }
        let lowered = path.lowercased()
        guard lowered == head || lowered.hasPrefix(head + "/") else { return nil }
        return path.dropFirst(head.count)
    }
}
