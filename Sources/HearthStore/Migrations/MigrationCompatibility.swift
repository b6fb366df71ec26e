import Foundation

/// Whether hearth binaries that do not know a migration may keep running once it is applied.
///
/// Every migration file says which on its first line, read by the migration loader:
///
/// ```sql
/// -- hearth:compatibility expand
/// CREATE TABLE …
/// ```
///
/// - ``expand``: the migration only adds (tables, nullable or defaulted columns, indexes, rows).
///   A binary that does not know it runs on the schema and logs that it does.
/// - ``contract``: it removes, renames or changes the type of something. A binary that does not
///   know it refuses the schema, naming the migration and the fix (a newer binary).
///
/// A struct rather than an enum so that a later kind does not break callers; a binary treats a
/// kind it does not know as ``contract``.
public struct MigrationCompatibility: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Only adds: older binaries keep working on the schema.
    public static let expand = MigrationCompatibility(rawValue: "expand")
    /// Removes, renames or changes something: older binaries must refuse the schema.
    public static let contract = MigrationCompatibility(rawValue: "contract")

    /// The kinds this binary knows.
    public static let known: [MigrationCompatibility] = [.expand, .contract]

    /// What a migration file's first line starts with; the kind follows.
    public static let markerPrefix = "-- hearth:compatibility "

    public var description: String { rawValue }

    /// The kind named on the script's first line and the script after that line, or `nil` when the
    /// first line is not a marker. The kind may be one this binary does not know.
    public static func marker(in script: String) -> (compatibility: MigrationCompatibility, body: Substring)? {
        // "\r\n" is one Character in Swift: a CRLF checkout ends the line too.
        let firstLineEnd = script.firstIndex { $0 == "\n" || $0 == "\r\n" } ?? script.endIndex
        let line = script[..<firstLineEnd]
        guard line.hasPrefix(markerPrefix) else { return nil }
        let word = line.dropFirst(markerPrefix.count).trimmingCharacters(in: .whitespaces)
        guard !word.isEmpty, !word.contains(where: \.isWhitespace) else { return nil }
        let body = firstLineEnd < script.endIndex ? script[script.index(after: firstLineEnd)...] : script[script.endIndex...]
        return (MigrationCompatibility(rawValue: word), body)
    }
}
