/// A 1-based line and column in a parsed file.
struct SourcePosition: Hashable, Sendable {
    var line: Int
    var column: Int
}
