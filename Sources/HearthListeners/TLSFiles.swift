/// The PEM files a listener serves HTTPS with (`--tls-cert`, `--tls-key`).
public struct TLSFiles: Sendable, Hashable {
    /// The certificate chain: the server's certificate first, then any intermediates.
    public var certificate: String
    /// The certificate's private key (PEM, unencrypted).
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }
}
