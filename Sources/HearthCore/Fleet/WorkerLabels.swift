/// Worker labels (`--label zone=b`): keys of 1–63 lower-case letters, digits, `-`, `_` and `.`
/// starting with a letter; values of 0–63 letters, digits, `-`, `_` and `.`.
public enum WorkerLabels {
    /// The expected form, for errors.
    public static let form = "key=value, e.g. --label zone=b (key: lower-case letters, digits, '-', '_', '.'; value: letters, digits, '-', '_', '.')"

    /// Parses `--label` arguments (`key=value`, repeatable); a key given twice is an error.
    ///
    /// Throws ``HearthError`` naming the bad argument and the expected form.
    public static func parse(_ arguments: [String]) throws -> [String: String] {
        var labels: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw HearthError(code: .invalidArgument, message: "the label '\(argument)' has no '='", fix: "write it as \(form)")
            }
            let key = String(argument[..<equals])
            let value = String(argument[argument.index(after: equals)...])
            guard labels[key] == nil else {
                throw HearthError(code: .invalidArgument, message: "the label '\(key)' is given twice", fix: "give each label key once")
            }
            labels[key] = value
        }
        try validate(labels)
        return labels
    }

    /// Throws ``HearthError`` for the first key or value (in key order) that breaks the rule.
    public static func validate(_ labels: [String: String]) throws {
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            let keyFirst = key.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false
            guard (1...63).contains(key.utf8.count), keyFirst, key.utf8.allSatisfy({ isKeyByte($0) }) else {
                throw HearthError(code: .invalidArgument, message: "the label key '\(key)' is not allowed", fix: "write labels as \(form)")
            }
            guard value.utf8.count <= 63, value.utf8.allSatisfy({ isKeyByte($0) || ($0 >= 0x41 && $0 <= 0x5A) }) else {
                throw HearthError(
                    code: .invalidArgument,
                    message: "the value '\(value)' of label '\(key)' is not allowed",
                    fix: "write labels as \(form)"
                )
            }
        }
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
}
