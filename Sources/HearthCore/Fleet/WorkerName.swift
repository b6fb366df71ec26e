/// The rule for a worker's name in the fleet: 1–63 characters, letters, digits, `-`, `_` and `.`,
/// starting with a letter or digit (a host name fits).
public enum WorkerName {
    /// Throws ``HearthError`` naming the name and the rule when it breaks it.
    public static func validate(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
                || byte == 0x2E
        }
        let first = name.utf8.first.map { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) } ?? false
        guard (1...63).contains(name.utf8.count), allowed, first else {
            throw HearthError(
                code: .invalidName,
                message: "the worker name '\(name)' is not 1-63 letters, digits, '-', '_' or '.' starting with a letter or digit",
                fix: "pass --name with such a name, e.g. --name desk-7"
            )
        }
    }
}
