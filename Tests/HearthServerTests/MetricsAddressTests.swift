import HearthServer
import Testing

/// `--metrics-bind HOST:PORT`: an IPv4 address or name, or an IPv6 address in brackets, and a port.
@Suite struct MetricsAddressTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("0.0.0.0:0", "0.0.0.0", 0), ("localhost:65535", "localhost", 65_535),
        ("[::1]:9464", "::1", 9464),
    ])
    func parsesHostAndPort(text: String, host: String, port: Int) throws {
        let address = try MetricsAddress(parsing: text)
        #expect(address == MetricsAddress(host: host, port: port))
        #expect(address.description == text)
    }

    @Test(arguments: ["9464", "127.0.0.1", ":9464", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "127.0.0.1:-1", "::1:9464", "[]:9464"])
    func refusesWhatIsNotHostAndPort(text: String) {
        #expect(throws: MetricsAddress.Invalid.self) { try MetricsAddress(parsing: text) }
        do {
            _ = try MetricsAddress(parsing: text)
        } catch {
            #expect(error.description.contains("--metrics-bind '\(text)'"))
            #expect(error.description.contains("HOST:PORT"))
        }
    }
}
