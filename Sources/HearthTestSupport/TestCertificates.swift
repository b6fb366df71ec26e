public import Foundation

/// A private CA and certificates made with Debian's `openssl` for TLS tests, in a fresh folder:
/// a server certificate for `localhost`, `*.fn.localhost` (base domain `fn.localhost`: curl takes
/// no wildcard one label below the top) and `127.0.0.1`, one that expired yesterday
/// (same names), one for another name, and a key that belongs to none of them.
public struct TestCertificates: Sendable {
    /// The folder holding every file; remove it with ``remove()``.
    public let directory: URL

    public var caCertificate: String { path("ca.pem") }
    public var certificate: String { path("server.pem") }
    public var key: String { path("server.key") }
    public var expiredCertificate: String { path("expired.pem") }
    public var wrongNameCertificate: String { path("wrong-name.pem") }
    /// A key that is not the key of any certificate here.
    public var otherKey: String { path("other.key") }

    /// Whether `openssl` is installed (`scripts/prerequisites.sh` installs it).
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    /// Makes the CA and the certificates.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Hearth Test CA"])
        try openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "other.key"])
        try "subjectAltName=DNS:localhost,DNS:*.fn.localhost,IP:127.0.0.1\n".write(
            to: directory.appendingPathComponent("names.ext"),
            atomically: true,
            encoding: .utf8
        )
        try "subjectAltName=DNS:wrong.example\n".write(to: directory.appendingPathComponent("wrong.ext"), atomically: true, encoding: .utf8)
        let sign = ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"]
        try openssl(sign + ["-days", "2", "-extfile", "names.ext", "-out", "server.pem"])
        // -days -1: valid until yesterday (OpenSSL 3.0 has no -not_after).
        try openssl(sign + ["-days", "-1", "-extfile", "names.ext", "-out", "expired.pem"])
        try openssl(sign + ["-days", "2", "-extfile", "wrong.ext", "-out", "wrong-name.pem"])
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    private func openssl(_ arguments: [String]) throws {
        let (status, output) = try ProgramRun.run(URL(fileURLWithPath: "/usr/bin/openssl"), arguments, directory: directory)
        guard status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")) failed: \(output)"])
        }
    }
}
