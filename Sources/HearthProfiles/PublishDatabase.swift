/// One `<databases><add …/></databases>` entry of a profile: a connection string the profile carries.
public struct PublishDatabase: Sendable, Hashable, AttributeBearing {
    /// Every attribute in document order (`name`, `connectionString`, `providerName`, `type`, and
    /// any others a tool wrote).
    public var attributes: [ProfileAttribute]

    /// Creates an entry from its attributes.
    /// - Parameter attributes: The `add` element's attributes, in order.
    public init(attributes: [ProfileAttribute]) {
        self.attributes = attributes
    }

    /// The connection's name.
    public var name: String? { attribute("name") }
    /// The connection string (it may hold a password; show it only where secrets may be shown).
    public var connectionString: String? { attribute("connectionString") }
    /// E.g. `System.Data.SqlClient`.
    public var providerName: String? { attribute("providerName") }
    /// E.g. `Sql`.
    public var type: String? { attribute("type") }
}
