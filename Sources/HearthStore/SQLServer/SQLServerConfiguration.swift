/// Where and how to reach SQL Server: what an ADO.NET connection string or an `mssql://` URL says.
///
/// Parse one with ``init(connectionString:)``. `description` shows everything but the password.
///
/// ```swift
/// let configuration = try SQLServerConfiguration(
///     connectionString: "Server=tcp:db.example.com,1433;Database=hearth;User ID=hearth_app;Password=…;Encrypt=true")
/// ```
package struct SQLServerConfiguration: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int = 1433
    package var database: String?
    package var user: String = ""
    package var password: String = ""
    /// TLS for the whole connection (`Encrypt=true`). FreeTDS needs to be built with GnuTLS or
    /// OpenSSL (Debian's is); without it, set `Encrypt=false` on a trusted network only.
    package var encrypt: Bool = false
    /// Accept the server's certificate without checking it against the system's trust store.
    package var trustServerCertificate: Bool = false
    /// Seconds to wait for a connection and login.
    package var connectTimeout: Int = 15
    /// Seconds to wait for a statement's results (0 = no limit).
    package var commandTimeout: Int = 30
    package var applicationName: String = "hearth"
    /// Most connections the pool opens to this server.
    package var maxPoolSize: Int = 10

    package init(host: String) { self.host = host }

    /// The connection string in ADO.NET form with the password replaced by `***`.
    package var description: String {
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
