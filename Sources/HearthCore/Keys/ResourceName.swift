/// Validates names people choose: apps, tenants and keys.
///
/// App and tenant names become DNS labels (`<app>.fn.example.local`), so they follow RFC 1123 label
/// rules in lower case. Key names follow the Functions host's key API.
public enum ResourceName {
    /// Checks an app name: 1–63 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
    /// - Parameter s: The name.
    /// - Throws: ``HearthError`` (``HearthError/Code/invalidName``) that says what is wrong and suggests a valid form.
    public static func validateAppName(_ s: String) throws(HearthError) {
        try validateDNSLabel(s, kind: "app")
    }

    /// Checks a tenant name; same rules as ``validateAppName(_:)``.
    /// - Parameter s: The name.
    public static func validateTenantName(_ s: String) throws(HearthError) {
        try validateDNSLabel(s, kind: "tenant")
    }

    /// Checks a key name: 1–128 characters of `A-Z`, `a-z`, `0-9`, `.`, `_` and `-`.
    /// - Parameter s: The name.
    public static func validateKeyName(_ s: String) throws(HearthError) {
        let valid =
            !s.isEmpty && s.utf8.count <= 128
            && s.utf8.allSatisfy { b in
                isLowerAlnum(b | 0x20) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            }
        guard valid else {
            throw HearthError(
                code: .invalidName,
                message: "key name '\(s)' is not valid: key names are 1-128 characters of letters, digits, '.', '_' and '-'",
                fix: "choose a name such as 'default' or 'ci-deploy'"
            )
        }
    }

    private static func validateDNSLabel(_ s: String, kind: String) throws(HearthError) {
        let bytes = Array(s.utf8)
        let valid =
            !bytes.isEmpty && bytes.count <= 63
            && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
            && bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
        guard valid else {
            let suggestion = suggestLabel(s)
            throw HearthError(
                code: .invalidName,
                message:
                    "\(kind) name '\(s)' is not valid: \(kind) names are DNS labels of 1-63 characters, lower-case letters a-z, digits and '-', not starting or ending with '-'",
                fix: suggestion.isEmpty ? "choose a name such as 'orders-api'" : "use a name such as '\(suggestion)'"
            )
        }
    }

    /// A valid label made from `s`: lower-cased, other characters turned into '-', trimmed to 63.
    static func suggestLabel(_ s: String) -> String {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            if scalar.isASCII, isLowerAlnum(UInt8(scalar.value)) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        out = String(out.prefix(63))
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
