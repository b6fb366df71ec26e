/// A queue's name, checked against Azure Storage's rules, so a name Hearth accepts is one an Azure
/// SDK may send and the reverse.
///
/// Azure's rule: 3-63 characters of lower-case letters, digits and hyphens; it starts and ends
/// with a letter or digit, and no two hyphens are adjacent.
public struct QueueName: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The name as given (it is already in lower case).
    public let rawValue: String

    /// The rule, as error messages state it.
    public static let rule =
        "queue names are 3-63 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit"

    /// Checks `name`.
    /// - Throws: ``HearthError`` (``HearthError/Code/invalidName``) naming the name and the rule.
    public init(_ name: String) throws(HearthError) {
        guard Self.isValid(name) else {
            throw HearthError(
                code: .invalidName,
                message: "queue name '\(name)' is not valid: \(Self.rule)",
                fix: "choose a name such as 'orders' or 'orders-poison'"
            )
        }
        rawValue = name
    }

    /// A name read back from the store (it was checked when the queue was created).
    package init(stored: String) { rawValue = stored }

    /// Whether `name` follows Azure's rule.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count), isAlnum(bytes[0]), isAlnum(bytes[bytes.count - 1]) else { return false }
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "-") {
                if bytes[index - 1] == UInt8(ascii: "-") { return false }
            } else if !isAlnum(byte) {
                return false
            }
        }
        return true
    }

    /// The queue a message goes to after too many failed dequeues (`<name>-poison`), or `nil`
    /// when that name would be longer than Azure allows.
    public var poisonQueue: QueueName? { try? QueueName(rawValue + "-poison") }

    public var description: String { rawValue }
    public static func < (a: QueueName, b: QueueName) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }
}
