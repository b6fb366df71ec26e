public import Foundation

/// A `.PublishSettings` file: one or more ``PublishProfile``s under a `publishData` root.
///
/// Parsing is hardened against hostile files (see ``init(parsing:options:)``); writing produces a
/// file that validates against ``PublishSettingsSchema``.
///
/// ```swift
/// let settings = try PublishSettings(parsing: Data(contentsOf: url))
/// for profile in settings.profiles where profile.publishMethod == .zipDeploy {
///     print(profile.profileName, profile.publishUrl)
/// }
/// let xml = PublishSettings(profiles: [profile]).xml()
/// ```
public struct PublishSettings: Sendable, Hashable {
    /// Limits applied before and while parsing.
    public struct ParseOptions: Sendable {
        /// The largest file accepted, in bytes; larger files are refused before libxml2 sees them.
        /// Default 1 MiB (real profiles are a few kilobytes).
        public var maxBytes: Int = 1 << 20

        /// Default limits.
        public init() {}
    }

    /// The profiles, in file order.
    public var profiles: [PublishProfile]

    /// Creates a document.
    /// - Parameter profiles: The profiles to hold.
    public init(profiles: [PublishProfile]) {
        self.profiles = profiles
    }

    /// Parses a publish-profile file as Azure, Visual Studio, Hearth or another tool writes it.
    ///
    /// Hardening: the size limit is checked first; libxml2 runs with `XML_PARSE_NONET` and without
    /// entity substitution or DTD loading; any `<!DOCTYPE` is refused outright (which rules out
    /// XXE and "billion laughs"). A UTF-8 BOM, CRLF line ends and any whitespace between
    /// attributes are fine. Unknown attributes are kept; unknown elements are skipped.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - options: Limits.
    /// - Throws: ``ProfileError`` with line and column where the problem has a place.
    public init(parsing data: Data, options: ParseOptions = ParseOptions()) throws(ProfileError) {
        let document = try Self.parseDocument(data, options: options)
        defer { document.close() }
        self = try PublishSettingsReader.read(document)
    }

    /// The document as XML (UTF-8, two-space indentation, attributes in order).
    public func xml() -> String {
        PublishSettingsWriter.write(self)
    }

    /// Checks a file against ``PublishSettingsSchema/xsd`` (after the same hardened parse as
    /// ``init(parsing:options:)``).
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - options: Limits.
    /// - Throws: ``ProfileError`` (``ProfileError/Code/schemaViolation`` with the first problem's
    ///   line and column, and every problem in the message).
    public static func validate(_ data: Data, options: ParseOptions = ParseOptions()) throws(ProfileError) {
        let document = try parseDocument(data, options: options)
        defer { document.close() }
        let problems = try LibXMLSchema.compile(PublishSettingsSchema.xsd).validate(document)
        guard let first = problems.first else { return }
        let place = document.position(of: first.node)
        let summary = problems.prefix(5).map { problem in
            let where_ =
                document.position(of: problem.node).map { "line \($0.line), column \($0.column): " }
                ?? (problem.line > 0 ? "line \(problem.line): " : "")
            return where_ + problem.message
        }.joined(separator: "; ")
        throw ProfileError(
            .schemaViolation,
            "the file does not match the publish-settings schema: \(summary)",
            line: place?.line ?? (first.line > 0 ? first.line : nil),
            column: place?.column
        )
    }

    static func parseDocument(_ data: Data, options: ParseOptions) throws(ProfileError) -> LibXMLDocument {
        guard data.count <= options.maxBytes else {
            throw ProfileError(
                .tooLarge,
                "the file is \(data.count) bytes, more than the \(options.maxBytes) bytes a publish profile may have; real profiles are a few kilobytes, so this is not one"
            )
        }
        guard !data.isEmpty else {
            throw ProfileError(.malformed, "the file is empty; download the publish profile again", line: 1, column: 1)
        }
        let parser = try LibXMLParser.open(firstBytes: data)
        defer { parser.close() }
        return try parser.parse(data)
    }
}
