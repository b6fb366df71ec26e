import Foundation

/// Names under which a publish profile is saved (`hearth profile import`), which are file names:
/// ASCII letters, digits, `.`, `_` and `-`, not starting with `.`.
///
/// A profile's site name is not always one: a Web Deploy profile for an IIS application names its
/// site by path (`Default Web Site/legacy`, `Default Web Site\legacy`). ``derived(from:)`` makes a valid
/// name from any profile.
///
/// ```swift
/// PublishTargetName.derived(from: profile)   // "legacy" for msdeploySite "Default Web Site/legacy"
/// ```
public enum PublishTargetName {
    /// At most this many characters in a name made from an invalid one (an Azure app's name fits).
    public static let maximumDerivedLength = 64

    /// Whether `name` can name a saved publish target.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy(isAllowed)
    }

    /// A valid name for `profile`: its site name when that is one already; else the last segment of
    /// the site's path, lower-cased, with each run of other characters made one `-`; else the host of
    /// its publish URL the same way; else `profile`.
    public static func derived(from profile: PublishProfile) -> String {
        let site = profile.siteName
        if isValid(site) { return site }
        let lastSegment = site.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        for candidate in [lastSegment, site, host(of: profile.publishUrl)] {
            let name = sanitized(candidate)
            if isValid(name) { return name }
        }
        return "profile"
    }

    /// `candidate` lower-cased, each run of characters a name cannot hold made one `-`, without
    /// leading or trailing `-`, `_` or `.`, at most ``maximumDerivedLength`` characters.
    static func sanitized(_ candidate: String) -> String {
        var name = ""
        for character in candidate.lowercased() {
            if isAllowed(character) {
                name.append(character)
            } else if !name.hasSuffix("-") {
                name.append("-")
            }
        }
        let trim: (Character) -> Bool = { $0 == "-" || $0 == "_" || $0 == "." }
        var trimmed = Substring(name).drop(while: trim)
        while let last = trimmed.last, trim(last) { trimmed = trimmed.dropLast() }
        trimmed = trimmed.prefix(maximumDerivedLength)
        while let last = trimmed.last, trim(last) { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// The host of `host:port`, `scheme://host:port/path` or `[v6]:port`, or `""`.
    static func host(of publishUrl: String) -> String {
        var rest = Substring(publishUrl)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<close]) }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }

    private static func isAllowed(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_" || character == ".")
    }
}
