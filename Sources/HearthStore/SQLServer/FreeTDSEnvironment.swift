internal import CFreeTDS
import Crypto
import Foundation
import Synchronization

/// FreeTDS db-lib's process-wide state, set up once: `dbinit`, the error and message handlers, and
/// the configuration file db-lib reads server settings from.
///
/// - Handlers: db-lib has one error handler and one message handler per process
///   (https://www.freetds.org/userguide/dblib.api.summary.html). Each connection stores a pointer
///   to its ``TDSMessageSink`` with `dbsetuserdata`; the handlers send every message to the sink of
///   the `DBPROCESS` it is about. During `dbopen` that pointer is not set yet, so the opening
///   thread's sink is found through a thread-local (each connection opens on its own thread).
///   The error handler always returns `INT_CANCEL`: the failing call returns `FAIL` and the
///   connection decides what to do (db-lib's default would be to exit the process).
/// - Configuration: db-lib takes TDS version, encryption, timeouts and character sets only from a
///   `freetds.conf` file. Hearth writes its own (no passwords in it; mode 0600 in a private
///   directory) with one section per server configuration, and points db-lib at it with
///   `dbsetifile`, which takes precedence over `/etc/freetds/freetds.conf` and `~/.freetds.conf`.
///   The directory is removed when the process exits.
final class FreeTDSEnvironment: Sendable {
    private let configurationFile: URL
    private let sections = Mutex<[String: String]>([:])

    /// The environment, initialising db-lib on first use.
    static func shared() throws -> FreeTDSEnvironment {
        try initialised.get()
    }

    private static let initialised: Result<FreeTDSEnvironment, SQLServerError> = {
        guard dbinit() == SUCCEED else {
            return .failure(
                SQLServerError(
                    .protocolError,
                    "FreeTDS db-lib could not be initialised (dbinit failed); check the freetds-dev / libsybdb5 installation"
                )
            )
        }
        _ = dberrhandle(errorHandler)
        _ = dbmsghandle(messageHandler)
        let directory = configurationDirectory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The file is needed for as long as connections may open: removed when the process exits.
            atexit { try? FileManager.default.removeItem(at: configurationDirectory) }
            let file = directory.appendingPathComponent("freetds.conf")
            FileManager.default.createFile(
                atPath: file.path,
                contents: Data("# Written by hearth; one section per SQL Server configuration.\n".utf8),
                attributes: [.posixPermissions: 0o600]
            )
            file.path.withCString { dbsetifile(UnsafeMutablePointer(mutating: $0)) }
            return .success(FreeTDSEnvironment(configurationFile: file))
        } catch {
            return .failure(
                SQLServerError(.configuration, "cannot write FreeTDS's configuration file under \(directory.path): \(error.localizedDescription)")
            )
        }
    }()

    private init(configurationFile: URL) {
        self.configurationFile = configurationFile
    }

    /// The `freetds.conf` section name for `configuration`, written to the file if new.
    ///
    /// The section sets TDS 7.4, UTF-8 on the client side with UTF-16 for NVARCHAR, no text size
    /// limit (VARBINARY(MAX) packages of tens of MB), the timeouts, and encryption: `off` for
    /// `Encrypt=false`, `require` for `Encrypt=true`, plus certificate checks against the system's
    /// trust store unless `TrustServerCertificate=true`.
    func serverName(for configuration: SQLServerConfiguration) throws -> String {
        guard configuration.host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_:".contains($0) }), !configuration.host.isEmpty else {
            throw SQLServerError(.configuration, "the server name '\(configuration.host)' has characters a host name cannot have")
        }
        var lines = [
            "host = \(configuration.host)",
            "port = \(configuration.port)",
            "tds version = 7.4",
            "client charset = UTF-8",
            "use utf-16 = yes",
            "text size = 2147483647",
            "connect timeout = \(configuration.connectTimeout)",
            "timeout = \(configuration.commandTimeout)",
            "encryption = \(configuration.encrypt ? "require" : "off")",
        ]
        if configuration.encrypt && !configuration.trustServerCertificate {
            lines.append("ca file = system")
            lines.append("check certificate hostname = yes")
        }
        let body = lines.map { "    " + $0 }.joined(separator: "\n")
        let name = "hearth-" + SHA256.hash(data: Data(body.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        try sections.withLock { sections in
            guard sections[name] == nil else { return }
            sections[name] = body
            let text =
                "# Written by hearth; one section per SQL Server configuration. No secrets.\n"
                + sections.sorted { $0.key < $1.key }.map { "[\($0.key)]\n\($0.value)\n" }.joined()
            do {
                try Data(text.utf8).write(to: configurationFile, options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configurationFile.path)
            } catch {
                throw SQLServerError(
                    .configuration,
                    "cannot write FreeTDS's configuration file \(configurationFile.path): \(error.localizedDescription)"
                )
            }
        }
        return name
    }

    // MARK: Routing handler messages to their connection

    private static let openingSinkKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` (a `dbopen`) with `sink` as this thread's receiver for handler messages whose
    /// `DBPROCESS` has no user data yet.
    func withOpeningSink<T>(_ sink: TDSMessageSink, _ body: () throws -> T) rethrows -> T {
        let pointer = Unmanaged.passUnretained(sink).toOpaque()
        pthread_setspecific(Self.openingSinkKey, pointer)
        defer { pthread_setspecific(Self.openingSinkKey, nil) }
        return try body()
    }

    static func sink(for process: OpaquePointer?) -> TDSMessageSink? {
        if let process, let data = dbgetuserdata(process) {
            return Unmanaged<TDSMessageSink>.fromOpaque(UnsafeRawPointer(data)).takeUnretainedValue()
        }
        if let data = pthread_getspecific(openingSinkKey) {
            return Unmanaged<TDSMessageSink>.fromOpaque(data).takeUnretainedValue()
        }
        return nil
    }
}

/// The private folder of this process's `freetds.conf`.
private let configurationDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "hearth-freetds-\(getpid())-\(UUID().uuidString.prefix(8))"
)

/// db-lib's error handler (https://www.freetds.org/reference/a00289.html#ga2d3bdd3ad0ff35ae3b2f4c6c8bfc5dd1).
private let errorHandler: EHANDLEFUNC = { process, severity, number, _, text, osText in
    let sink = FreeTDSEnvironment.sink(for: process)
    sink?.recordLibraryError(
        .init(
            number: Int(number),
            severity: Int(severity),
            text: text.map { String(cString: $0) } ?? "db-lib error \(number)",
            osText: osText.map { String(cString: $0) }
        )
    )
    return INT_CANCEL
}

/// db-lib's message handler: server ERROR and INFO tokens.
private let messageHandler: MHANDLEFUNC = { process, number, state, severity, text, _, procedure, line in
    let sink = FreeTDSEnvironment.sink(for: process)
    let procedureName = procedure.map { String(cString: $0) }
    sink?.recordServerMessage(
        .init(
            number: Int(number),
            state: Int(state),
            severity: Int(severity),
            text: text.map { String(cString: $0) } ?? "",
            procedure: procedureName?.isEmpty == true ? nil : procedureName,
            line: Int(line)
        )
    )
    return 0
}
