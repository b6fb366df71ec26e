import Foundation
public import Logging
public import NIOSSL
import Synchronization

/// The TLS context a listener serves new connections with, built from certificate and key files and
/// rebuilt when either file changes (``reloadIfChanged(logger:)``, run by ``TLSReloadService``).
/// Connections already open keep the certificate they began with. A change that cannot be loaded
/// (a key written before its certificate, say) keeps the previous certificate and is retried.
public final class TLSCertificateReloader: Sendable {
    private struct Loaded {
        var context: NIOSSLContext
        var stamp: [FileStamp]
    }

    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?
    }

    /// The files served.
    public let files: TLSFiles
    private let loaded: Mutex<Loaded>

    /// Loads the files.
    /// - Throws: ``TLSFilesError`` naming the file that is missing, unreadable, not PEM, or a key
    ///   that does not belong to the certificate.
    public init(files: TLSFiles) throws {
        self.files = files
        let stamp = Self.stamp(files)
        self.loaded = Mutex(Loaded(context: try Self.makeContext(files), stamp: stamp))
    }

    /// The context for a connection opening now.
    public var context: NIOSSLContext { loaded.withLock { $0.context } }

    /// Rebuilds the context if either file changed since it was loaded.
    /// - Returns: Whether a new certificate is now served.
    @discardableResult
    public func reloadIfChanged(logger: Logger) -> Bool {
        let stamp = Self.stamp(files)
        guard stamp != loaded.withLock({ $0.stamp }) else { return false }
        do {
            let context = try Self.makeContext(files)
            loaded.withLock { $0 = Loaded(context: context, stamp: stamp) }
            logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(files.certificate)"])
            return true
        } catch {
            logger.warning("TLS certificate changed but cannot be loaded; still serving the previous one", metadata: ["error": "\(error)"])
            return false
        }
    }

    private static func stamp(_ files: TLSFiles) -> [FileStamp] {
        [files.certificate, files.key].map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return FileStamp(modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue)
        }
    }

    static func makeContext(_ files: TLSFiles) throws -> NIOSSLContext {
        try check(files.certificate, option: "--tls-cert")
        try check(files.key, option: "--tls-key")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
        } catch {
            throw TLSFilesError(
                .badCertificate,
                path: files.certificate,
                "TLS certificate \(files.certificate) is not a PEM certificate (\(error)); give --tls-cert the certificate chain in PEM ('-----BEGIN CERTIFICATE-----')"
            )
        }
        guard !chain.isEmpty else {
            throw TLSFilesError(
                .badCertificate,
                path: files.certificate,
                "TLS certificate \(files.certificate) holds no certificate; give --tls-cert the certificate chain in PEM ('-----BEGIN CERTIFICATE-----')"
            )
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        } catch {
            throw TLSFilesError(
                .badKey,
                path: files.key,
                "TLS key \(files.key) is not an unencrypted PEM private key; give --tls-key the certificate's key in PEM ('-----BEGIN PRIVATE KEY-----'; decrypt it with 'openssl pkey -in KEY -out KEY.pem')"
            )
        }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            // BoringSSL compares the key with the certificate set before it (KEY_VALUES_MISMATCH).
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSFilesError(
                .keyMismatch,
                path: files.key,
                "TLS key \(files.key) does not belong to the certificate in \(files.certificate); give --tls-key the private key the certificate was issued for"
            )
        }
    }

    private static func check(_ path: String, option: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TLSFilesError(
                .missing,
                path: path,
                "\(option) \(path): no such file; give the path of an existing PEM file (or leave out --tls-cert and --tls-key to serve plain HTTP)"
            )
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TLSFilesError(
                .unreadable,
                path: path,
                "\(option) \(path) cannot be read by this user; make it readable to the user Hearth runs as (chmod/chown)"
            )
        }
    }
}
