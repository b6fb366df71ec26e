import Foundation
import HearthTestSupport
import NIOHTTP1
import Testing

/// Every listener over HTTPS with certificates from a test CA, checked by curl; the files reloaded
/// when they change; `hearth publish` over HTTPS; bad files stop the start with the fix.
@Suite(.serialized, .enabled(if: TestCertificates.available && Curl.available, "needs openssl and curl (scripts/prerequisites.sh installs them)"))
struct TLSTests {
    /// A server on copies of the test certificate and key, which a test may overwrite.
    func tlsServer(_ certificates: TestCertificates) async throws -> HearthServer {
        for (from, to) in [(certificates.certificate, "served.pem"), (certificates.key, "served.key")] {
            try FileManager.default.copyItem(atPath: from, toPath: certificates.path(to))
        }
        return try await HearthServer(extraArguments: [
            "--tls-cert", certificates.path("served.pem"), "--tls-key", certificates.path("served.key"), "--base-domain", "fn.localhost",
        ])
    }

    func curl(_ certificates: TestCertificates, _ arguments: String...) throws -> Curl.Result {
        try Curl.run(arguments, ca: certificates.caCertificate)
    }

    @Test func everyListenerServesHTTPSAndURLsSayHTTPSThenReloadedCertificatesAreChecked() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await tlsServer(certificates)
        defer { server.stop() }
        #expect(server.log.contains("Management API on https://") && server.log.contains("Function host listening on https://"), "\(server.log)")
        #expect(!server.log.contains("WARNING"), "\(server.log)")
        let auth = "Authorization: Bearer \(server.token)"

        let health = try curl(certificates, "\(server.managementURL)/api/health")
        #expect(health.exit == 0 && health.status == 200 && health.body.contains(#""warnings":[]"#), "\(health.output)")
        #expect(try curl(certificates, "\(server.workerURL)/_hearth/health").status == 200)
        // Plain HTTP on a TLS port gets no answer.
        #expect(try curl(certificates, server.managementURL.replacingOccurrences(of: "https:", with: "http:") + "/api/health").status != 200)

        // Management API and Kudu over HTTPS; the profile and function URLs say https.
        #expect(try curl(certificates, "-X", "POST", "-H", auth, "-d", #"{"name":"t"}"#, "\(server.managementURL)/api/tenants").status == 201)
        #expect(
            try curl(certificates, "-X", "POST", "-H", auth, "-d", #"{"name":"sec","tenant":"t"}"#, "\(server.managementURL)/api/apps").status == 201
        )
        let profile = try curl(certificates, "-H", auth, "\(server.managementURL)/api/apps/sec/publishprofile")
        #expect(profile.body.contains(#"publishUrl="\#(server.managementURL)/scm/sec""#), "\(profile.body)")
        #expect(profile.body.contains(#"destinationAppUrl="https://sec.fn.localhost:\#(server.workerPort)""#), "\(profile.body)")
        let zip = certificates.path("app.zip")
        try AppZip.zip(AppZip.files(ofFixture: "hello-python")).write(to: URL(fileURLWithPath: zip))
        let deployed = try curl(
            certificates,
            "-X",
            "POST",
            "-H",
            auth,
            "-H",
            "Content-Type: application/zip",
            "--data-binary",
            "@\(zip)",
            "\(server.managementURL)/api/apps/sec/deployments"
        )
        #expect(deployed.status == 201, "\(deployed.output)")
        #expect(deployed.body.contains("https://sec.fn.localhost:\(server.workerPort)/api/hello"), "\(deployed.body)")
        #expect(deployed.body.contains("\(server.workerURL)/_app/sec/api/hello"), "\(deployed.body)")

        // Function calls over HTTPS, by path and by host name; warm calls take the fast path.
        var answers: [String] = []
        for _ in 0..<40 where answers.last != "Hello, Bob!" {
            answers.append(try curl(certificates, "\(server.workerURL)/_app/sec/api/hello/Bob").body)
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(answers.last == "Hello, Bob!", "\(answers)")
        for _ in 0..<3 {
            #expect(try curl(certificates, "https://sec.fn.localhost:\(server.workerPort)/api/hello/Ann").body == "Hello, Ann!")
        }
        let echo = try curl(certificates, "\(server.workerURL)/_app/sec/api/items/7")
        #expect(echo.body.contains(#""url": "https://"#) || echo.body.contains(#""url":"https://"#), "\(echo.body)")

        // The certificate expires: replaced on disk, new connections get it, and curl refuses it.
        try replace(certificates.path("served.pem"), with: certificates.expiredCertificate)
        let expired = try await eventuallyRefused(certificates, server.managementURL + "/api/health")
        #expect(expired.exit == 60 && expired.output.contains("expired"), "\(expired.output)")
        #expect(try await eventuallyRefused(certificates, server.workerURL + "/_hearth/health").exit == 60)

        // A certificate for another name.
        try replace(certificates.path("served.pem"), with: certificates.wrongNameCertificate)
        var wrong = try curl(certificates, "\(server.managementURL)/api/health")
        for _ in 0..<40 where !wrong.output.contains("subject name") {
            try await Task.sleep(for: .milliseconds(250))
            wrong = try curl(certificates, "\(server.managementURL)/api/health")
        }
        #expect([51, 60].contains(wrong.exit) && wrong.output.contains("subject name"), "\(wrong.output)")
    }

    func replace(_ path: String, with source: String) throws {
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    /// curl until the certificate is refused (reloads are picked up within about 2 s).
    func eventuallyRefused(_ certificates: TestCertificates, _ url: String) async throws -> Curl.Result {
        var result = try curl(certificates, url)
        for _ in 0..<40 where result.exit == 0 {
            try await Task.sleep(for: .milliseconds(250))
            result = try curl(certificates, url)
        }
        return result
    }

    @Test func hearthPublishOverHTTPSWithThePrivateCA() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await tlsServer(certificates)
        defer { server.stop() }
        let auth = "Authorization: Bearer \(server.token)"
        _ = try curl(certificates, "-X", "POST", "-H", auth, "-d", #"{"name":"t"}"#, "\(server.managementURL)/api/tenants")
        _ = try curl(certificates, "-X", "POST", "-H", auth, "-d", #"{"name":"pubs","tenant":"t"}"#, "\(server.managementURL)/api/apps")
        _ = try curl(
            certificates,
            "-X",
            "PUT",
            "-H",
            auth,
            "-d",
            #"{"FUNCTIONS_WORKER_RUNTIME":"custom"}"#,
            "\(server.managementURL)/api/apps/pubs/settings"
        )
        let profile = certificates.path("pubs.PublishSettings")
        let download = try curl(certificates, "-H", auth, "-o", profile, "\(server.managementURL)/api/apps/pubs/publishprofile")
        #expect(download.status == 200)
        let folder = HearthServer.packageRoot.appendingPathComponent("Tests/Fixtures/apps/hello-python").path
        let config = ["XDG_CONFIG_HOME": certificates.path("config"), "HEARTH_TOKEN": nil, "SSL_CERT_FILE": nil]

        // Without the CA the server's certificate is not trusted.
        let untrusted = try HearthCLI.run(["publish", folder, "--profile", profile], environment: config)
        #expect(untrusted.status != 0, "\(untrusted.output)")
        let published = try HearthCLI.run(["publish", folder, "--profile", profile, "--ca-file", certificates.caCertificate], environment: config)
        #expect(published.status == 0, "\(published.output)")
        #expect(published.output.contains("publishing \(folder) to \(server.managementURL)/scm/pubs"), "\(published.output)")
        #expect(published.output.contains("succeeded") && published.output.contains("\(server.workerURL)/_app/pubs/api/hello"), "\(published.output)")
        // SSL_CERT_FILE does the same.
        var withVariable = config
        withVariable["SSL_CERT_FILE"] = certificates.caCertificate
        #expect(try HearthCLI.run(["publish", folder, "--profile", profile], environment: withVariable).status == 0)
    }

    @Test func badCertificateFilesStopTheStartNamingTheFileAndTheFix() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        func serve(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try HearthCLI.run(
                ["serve", "--data-dir", certificates.path("data"), "--management-port", "0", "--http-port", "0", "--no-isolation"] + arguments,
                environment: ["HEARTH_MASTER_KEY": nil]
            )
        }
        let missing = certificates.path("missing.pem")
        let noFile = try serve(["--tls-cert", missing, "--tls-key", certificates.key])
        #expect(noFile.status != 0 && noFile.output.contains(missing) && noFile.output.contains("no such file"), "\(noFile.output)")
        let mismatch = try serve(["--tls-cert", certificates.certificate, "--tls-key", certificates.otherKey])
        #expect(mismatch.status != 0 && mismatch.output.contains("does not belong to the certificate"), "\(mismatch.output)")
        #expect(!mismatch.output.contains("BEGIN"))
        let half = try serve(["--tls-cert", certificates.certificate])
        #expect(half.status != 0 && half.output.contains("--tls-cert and --tls-key go together"), "\(half.output)")
        #expect(!noFile.output.contains("Admin token") && !mismatch.output.contains("Admin token"))
    }

    @Test func plainHTTPBeyondLoopbackIsWarnedAtStartAndInTheHealthAnswer() async throws {
        let local = try await HearthServer()
        let localHealth = try await local.api(.GET, "/api/health").json()
        local.stop()
        #expect((localHealth["warnings"] as? [String])?.isEmpty == true)
        #expect(!local.log.contains("WARNING: the"))

        let exposed = try await HearthServer(extraArguments: ["--bind", "0.0.0.0"])
        defer { exposed.stop() }
        #expect(exposed.log.contains("WARNING: the management API on 0.0.0.0:\(exposed.managementPort) serves plain HTTP"), "\(exposed.log)")
        #expect(exposed.log.contains("WARNING: the function host on 0.0.0.0:\(exposed.workerPort) serves plain HTTP"))
        let warnings = try await exposed.api(.GET, "/api/health").json()["warnings"] as? [String] ?? []
        #expect(warnings.count == 2 && warnings.allSatisfy { $0.contains("--tls-cert") }, "\(warnings)")
    }
}
