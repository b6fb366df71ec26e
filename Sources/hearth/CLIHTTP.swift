import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The CLI's HTTP client. Unlike `CLIHTTP.client`, a refused connection fails at once instead of
/// being retried until the request's deadline: a command pointed at a server that is not running
/// should say so, not wait.
enum CLIHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
