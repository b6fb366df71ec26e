extension ManualStep {
    /// The severity of a ``ManualStep``. A struct rather than an enum so new levels don't break callers.
    public struct Severity: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        /// `blocking`, `warning` or `info`.
        public var rawValue: String

        /// Creates a severity from its name.
        /// - Parameter rawValue: The name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The upgraded app will not build, start or behave correctly until this is done. The CLI exits 1.
        public static let blocking = Severity(rawValue: "blocking")
        /// Behaviour changes or risky leftovers that need a decision.
        public static let warning = Severity(rawValue: "warning")
        /// Background and follow-ups (Azure settings, new defaults).
        public static let info = Severity(rawValue: "info")

        /// Blocking sorts first.
        public var rank: Int {
            switch rawValue {
            case "blocking": return 0
            case "warning": return 1
            case "info": return 2
            default: return 3
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { (lhs.rank, lhs.rawValue) < (rhs.rank, rhs.rawValue) }

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }
}
