/// `--queue-lease`: how long a worker holds a queue message it took for a queue-triggered
/// function before another worker may take it. The worker renews the lease every half of it while
/// the function runs, so a function may run longer; the lease only decides how soon the messages
/// of a worker that died (crash, kill, power loss) run elsewhere.
///
/// ```swift
/// try QueueLeaseOption.parse("30s")  // .seconds(30)
/// try QueueLeaseOption.parse("10m")  // .seconds(600), the default
/// try QueueLeaseOption.parse("3s")   // throws: shorter than 5s
/// ```
public enum QueueLeaseOption {
    /// The option's name, as errors show it.
    public static let name = "--queue-lease"
    /// The default as the option's text.
    public static let defaultText = "10m"
    /// The default: 10 minutes, as the Azure Functions host takes queue messages.
    public static let defaultLease: Duration = .seconds(600)
    /// Shorter leases would be renewed too often for the store (every half lease per running message).
    public static let minimum: Duration = .seconds(5)
    /// Azure Queue Storage's longest visibility timeout.
    public static let maximum: Duration = .seconds(7 * 86_400)

    /// Why a `--queue-lease` value was refused; the description names the option and the range.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A whole number of seconds (`45`, `45s`), minutes (`10m`), hours (`1h`) or days (`2d`),
    /// between ``minimum`` (5s) and ``maximum`` (7d).
    public static func parse(_ text: String) throws(Error) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = digits.last, let factor = units[last] {
            unit = factor
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits) else {
            throw Error(
                description:
                    "\(name) '\(text)' is not a duration; give whole seconds, minutes, hours or days, such as 30s, 10m or 1h \(range)"
            )
        }
        let lease = Duration.seconds(count * unit)
        guard lease >= minimum else { throw Error(description: "\(name) '\(text)' is too short \(range)") }
        guard lease <= maximum else { throw Error(description: "\(name) '\(text)' is too long \(range)") }
        return lease
    }

    private static var range: String { "(it must be between 5s and 7d; the default is \(defaultText))" }
}
