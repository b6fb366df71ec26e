import Foundation

extension SQLServerConfiguration {
    /// Parses an ADO.NET connection string or an `mssql://` (or `sqlserver://`) URL.
    ///
    /// ADO.NET keys (case-insensitive, with their usual synonyms): `Server`/`Data Source`/`Address`
    /// (`tcp:host,port`, `host,port` or `host`), `Database`/`Initial Catalog`, `User ID`/`UID`,
    /// `Password`/`PWD`, `Encrypt` (`true`/`false`/`yes`/`no`/`mandatory`/`optional`/`strict`),
    /// `TrustServerCertificate`, `Connect Timeout`, `Command Timeout`, `Application Name`,
    /// `Max Pool Size`. Values may be quoted with `"` or `'` (a doubled quote inside is one quote).
    ///
    /// URL form: `mssql://user:password@host:1433/database?encrypt=true&trustServerCertificate=true&connectTimeout=15`.
    ///
    /// Errors never repeat the password.
    package init(connectionString: String) throws {
        let text = connectionString.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        if lower.hasPrefix("mssql://") || lower.hasPrefix("sqlserver://") {
            self = try Self.parseURL(text)
        } else {
            self = try Self.parseADO(text)
        }
    }

    /// True when `text` looks like a SQL Server connection string rather than a SQLite path.
    package static func looksLikeConnectionString(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("mssql://") || lower.hasPrefix("sqlserver://")
            || (lower.contains("=") && (lower.contains("server") || lower.contains("data source") || lower.contains("address")))
    }

    private static func parseADO(_ text: String) throws -> SQLServerConfiguration {
        var pairs: [(String, String)] = []
        var index = text.startIndex
        while index < text.endIndex {
            // key
            guard let equals = text[index...].firstIndex(of: "=") else {
                let rest = text[index...].trimmingCharacters(in: .whitespaces)
                if rest.isEmpty || rest == ";" { break }
                // The text is not echoed: it could be (part of) a password.
                throw SQLServerError(.configuration, "part \(pairs.count + 1) of the connection string has no '=': write it as Key=Value;Key=Value")
            }
            let key = text[index..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            index = text.index(after: equals)
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            var value = ""
            if index < text.endIndex, text[index] == "\"" || text[index] == "'" {
                let quote = text[index]
                index = text.index(after: index)
                var closed = false
                while index < text.endIndex {
                    let c = text[index]
                    index = text.index(after: index)
                    if c == quote {
                        if index < text.endIndex, text[index] == quote {
                            value.append(quote)
                            index = text.index(after: index)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { throw SQLServerError(.configuration, "the value of '\(key)' in the connection string has no closing quote") }
                while index < text.endIndex, text[index] != ";" { index = text.index(after: index) }
            } else {
                let end = text[index...].firstIndex(of: ";") ?? text.endIndex
                value = text[index..<end].trimmingCharacters(in: .whitespaces)
                index = end
            }
            if index < text.endIndex { index = text.index(after: index) }
            if !key.isEmpty { pairs.append((key, value)) }
        }

        var configuration = SQLServerConfiguration(host: "")
        var sawServer = false
        var previousKey = ""
        for (key, value) in pairs {
            defer { previousKey = key }
            switch key {
            case "server", "data source", "address", "addr", "network address":
                sawServer = true
                try configuration.applyServer(value)
            case "database", "initial catalog":
                configuration.database = value.isEmpty ? nil : value
            case "user id", "uid", "user", "username", "user name":
                configuration.user = value
            case "password", "pwd":
                configuration.password = value
            case "encrypt":
                configuration.encrypt = try encryptValue(value)
            case "trustservercertificate", "trust server certificate":
                configuration.trustServerCertificate = try boolValue(value, key: "TrustServerCertificate")
            case "connect timeout", "connection timeout", "timeout":
                configuration.connectTimeout = try intValue(value, key: "Connect Timeout", range: 1...3600)
            case "command timeout":
                configuration.commandTimeout = try intValue(value, key: "Command Timeout", range: 0...86_400)
            case "application name", "app":
                configuration.applicationName = value
            case "max pool size":
                configuration.maxPoolSize = try intValue(value, key: "Max Pool Size", range: 1...1000)
            case "integrated security", "trusted_connection", "authentication":
                throw SQLServerError(
                    .configuration,
                    "'\(key)' is not supported: Hearth logs in to SQL Server with a SQL login (User ID and Password)"
                )
            case "multipleactiveresultsets", "pooling", "min pool size", "persist security info", "multisubnetfailover",
                "applicationintent", "application intent", "packet size", "workstation id", "current language", "language":
                continue  // accepted and ignored: they do not change how Hearth talks to the server
            default:
                // Right after a password, an "unknown key" is most likely the rest of a password with an
                // unquoted ';' in it: never echo it.
                if previousKey == "password" || previousKey == "pwd" {
                    throw SQLServerError(
                        .configuration,
                        "the connection string has an unexpected part after Password; if the password contains ';' or '=', wrap it in double quotes: Password=\"…\""
                    )
                }
                throw SQLServerError(
                    .configuration,
                    "unknown connection string key '\(key)'; Hearth understands Server, Database, User ID, Password, Encrypt, TrustServerCertificate, Connect Timeout, Command Timeout, Application Name and Max Pool Size"
                )
            }
        }
        guard sawServer, !configuration.host.isEmpty else {
            throw SQLServerError(.configuration, "the connection string names no server: add Server=tcp:HOST,1433")
        }
        return configuration
    }

    private mutating func applyServer(_ raw: String) throws {
        var value = raw
        if value.lowercased().hasPrefix("tcp:") { value.removeFirst(4) }
        if value.lowercased().hasPrefix("np:") || value.lowercased().hasPrefix("lpc:") {
            throw SQLServerError(.configuration, "Server='\(raw)' uses a protocol Hearth does not speak; use tcp:HOST,PORT")
        }
        if value.contains("\\") {
            throw SQLServerError(
                .configuration,
                "named instances (\(raw)) need the SQL Browser service; give the instance's TCP port instead: Server=tcp:HOST,PORT"
            )
        }
        if let comma = value.lastIndex(of: ",") {
            let portText = value[value.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw SQLServerError(.configuration, "the port in Server='\(raw)' must be a number from 1 to 65535")
            }
            self.port = port
            value = String(value[..<comma])
        }
        host = value.trimmingCharacters(in: .whitespaces)
        if host == "." || host.lowercased() == "(local)" { host = "127.0.0.1" }
    }

    private static func parseURL(_ text: String) throws -> SQLServerConfiguration {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw SQLServerError(
                .configuration,
                "the mssql:// URL is malformed; write it as mssql://USER:PASSWORD@HOST:1433/DATABASE?encrypt=true (percent-encode special characters in the password)"
            )
        }
        var configuration = SQLServerConfiguration(host: host)
        if let port = components.port { configuration.port = port }
        configuration.user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? ""
        configuration.password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding } ?? ""
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        configuration.database = path.isEmpty ? nil : path
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name.lowercased() {
            case "encrypt": configuration.encrypt = try encryptValue(value)
            case "trustservercertificate": configuration.trustServerCertificate = try boolValue(value, key: "trustServerCertificate")
            case "connecttimeout", "connect_timeout": configuration.connectTimeout = try intValue(value, key: "connectTimeout", range: 1...3600)
            case "commandtimeout", "command_timeout": configuration.commandTimeout = try intValue(value, key: "commandTimeout", range: 0...86_400)
            case "applicationname", "app": configuration.applicationName = value
            case "maxpoolsize", "max_pool_size": configuration.maxPoolSize = try intValue(value, key: "maxPoolSize", range: 1...1000)
            case "database": configuration.database = value
            default:
                throw SQLServerError(
                    .configuration,
                    "unknown mssql:// URL option '\(item.name)'; Hearth understands encrypt, trustServerCertificate, connectTimeout, commandTimeout, applicationName and maxPoolSize"
                )
            }
        }
        return configuration
    }

    private static func boolValue(_ value: String, key: String) throws -> Bool {
        switch value.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw SQLServerError(.configuration, "\(key)='\(value)' must be true or false")
        }
    }

    private static func encryptValue(_ value: String) throws -> Bool {
        switch value.lowercased() {
        case "true", "yes", "1", "mandatory", "strict": return true
        case "false", "no", "0", "optional": return false
        default: throw SQLServerError(.configuration, "Encrypt='\(value)' must be true, false, mandatory, optional or strict")
        }
    }

    private static func intValue(_ value: String, key: String, range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw SQLServerError(.configuration, "\(key)='\(value)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
