import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The CLI's HTTP client. Unlike `CLIHTTP.client`, a refused connection fails at once instead of
/// being retried until the request's deadline: a command pointed at a server that is not running
/// should say so, not wait. HTTPS servers are checked against the system's CAs plus, for a private
/// CA, the PEM file in `SSL_CERT_FILE` (or `hearth publish --ca-file`).
enum CLIHTTP {
    static let client: HTTPClient = make(caFile: ProcessInfo.processInfo.environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 })

    /// A client that also trusts the CA certificates in `caFile` (PEM).
    static func make(caFile: String?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(caFile)]
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
