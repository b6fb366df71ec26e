/// Where and how to reach SQL Server: what an ADO.NET connection string or an `mssql://` URL says.
///
/// Parse one with ``init(connectionString:)``. `description` shows everything but the password.
///
/// ```swift
/// let configuration = try SQLServerConfiguration(
///     connectionString: "Server=tcp:db.example.com,1433;Database=hearth;User ID=hearth_app;Password=…;Encrypt=true")
/// ```
public struct SQLServerConfiguration: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int = 1433
    public var database: String?
    public var user: String = ""
    public var password: String = ""
    /// TLS for the whole connection (`Encrypt=true`). FreeTDS needs to be built with GnuTLS or
    /// OpenSSL (Debian's is); without it, set `Encrypt=false` on a trusted network only.
    public var encrypt: Bool = false
    /// Accept the server's certificate without checking it against the system's trust store.
    public var trustServerCertificate: Bool = false
    /// Seconds to wait for a connection and login.
    public var connectTimeout: Int = 15
    /// Seconds to wait for a statement's results (0 = no limit).
    public var commandTimeout: Int = 30
    public var applicationName: String = "hearth"
    /// Most connections the pool opens to this server.
    public var maxPoolSize: Int = 10

    public init(host: String) { self.host = host }

    /// The connection string in ADO.NET form with the password replaced by `***`.
    public var description: String {
        var parts = ["Server=tcp:\(host),\(port)"]
        if let database { parts.append("Database=\(database)") }
        if !user.isEmpty { parts.append("User ID=\(user)") }
        if !password.isEmpty { parts.append("Password=***") }
        parts.append("Encrypt=\(encrypt)")
        if trustServerCertificate { parts.append("TrustServerCertificate=true") }
        parts.append("Connect Timeout=\(connectTimeout)")
        return parts.joined(separator: ";")
    }
}
