import Foundation
import HTTPTypes
import HearthCore
import HearthPackages
import HearthStore
import Testing

@testable import HearthManagement

/// The Kudu-compatible deploy endpoint, driven the way Kudu clients drive it.
@Suite struct KuduTests {
    struct Setup {
        var instance: TestInstance
        var password: String
    }

    func setup(configuration: ManagementConfiguration = ManagementConfiguration()) async throws -> Setup {
        let instance = try await TestInstance(configuration: configuration)
        let app = try await instance.seedApp()
        let credentials = try await PublishingCredentialsIssuer(store: instance.store).ensure(for: app)
        return Setup(instance: instance, password: credentials.password)
    }

    @Test func synchronousZipDeployServesTheApp() async throws {
        let s = try await setup()
        let zip = try ZipBuilder.zip(SampleApps.two)
        let (response, _) = try await s.instance.test { [password = s.password] client in
            try await client.kudu(.post, "/scm/orders/api/zipdeploy?author=kim&message=release%201", user: "$orders", password: password, data: zip)
        }
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.json["status"] as? Int == 4)
        #expect(response.json["complete"] as? Bool == true)
        #expect(response.json["active"] as? Bool == true)
        #expect(response.json["author"] as? String == "kim")
        #expect(response.json["deployer"] as? String == "ZipDeploy")
        #expect(response.json["message"] as? String == "release 1")
        #expect(response.json["site_name"] as? String == "orders")
        #expect(response.json["provisioningState"] as? String == "Succeeded")
        let functions = try #require(response.json["functions"] as? [[String: Any]])
        #expect(functions.compactMap { $0["name"] as? String }.sorted() == ["HttpHello", "Tick"])
        let app = try await s.instance.app("orders")
        #expect(app.activeDeploymentID?.uuidString.lowercased() == response.json["id"] as? String)
        #expect(try await s.instance.store.package(sha256: SHA256Hex.of(zip)) == zip)
    }

    /// Exactly what the dotnet SDK's ZipDeploy task sends: `POST {publishUrl}/api/zipdeploy?isAsync=true`,
    /// Basic, `application/zip`, its user agent; then it polls the `Location` URL for `status`.
    @Test func asynchronousZipDeployOnTheScmHostNameLikeTheDotnetSDK() async throws {
        let s = try await setup()
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let host = "orders.scm.localhost:7070"
        try await s.instance.test { [password = s.password] client in
            let (accepted, headers) = try await client.kudu(
                .post,
                "/api/zipdeploy?isAsync=true",
                user: "$orders",
                password: password,
                host: host,
                data: zip,
                headers: [("User-Agent", "functions-core-tools/4.0.5907"), ("Cache-Control", "no-cache")]
            )
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let location = try #require(headers[.location])
            let id = try #require(accepted.json["id"] as? String)
            #expect(location == "http://\(host)/api/deployments/\(id)")
            #expect(headers[.retryAfter] != nil)
            let path = String(location.dropFirst("http://\(host)".count))
            var status = -1
            var complete = false
            for _ in 0..<100 where !complete {
                let (poll, _) = try await client.kudu(.get, path, user: "$orders", password: password, host: host)
                #expect(poll.status == .ok || poll.status == .accepted)
                status = poll.json["status"] as? Int ?? -1
                complete = poll.json["complete"] as? Bool ?? false
                if !complete { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(status == 4)
            let (latest, _) = try await client.kudu(.get, "/api/deployments/latest", user: "$orders", password: password, host: host)
            #expect(latest.json["id"] as? String == id)
            #expect(latest.json["log_url"] as? String == "http://\(host)/api/deployments/\(id)/log")
            let (log, _) = try await client.kudu(.get, "/api/deployments/\(id)/log", user: "$orders", password: password, host: host)
            let entries = try #require(try JSONSerialization.jsonObject(with: log.body) as? [[String: Any]])
            #expect(entries.contains { ($0["message"] as? String)?.contains("now serving orders") == true })
            #expect(entries.allSatisfy { $0["log_time"] is String && $0["type"] is Int })
            let (list, _) = try await client.kudu(.get, "/api/deployments", user: "$orders", password: password, host: host)
            #expect((try JSONSerialization.jsonObject(with: list.body) as? [[String: Any]])?.count == 1)
        }
        #expect(try await s.instance.app("orders").activeDeploymentID != nil)
    }

    /// `func azure functionapp publish` adds `If-Match: *`; FTP-style user names work too.
    @Test func ifMatchAndFTPStyleUserNameAreAccepted() async throws {
        let s = try await setup()
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let (response, _) = try await s.instance.test { [password = s.password] client in
            try await client.kudu(
                .post,
                "/scm/orders/api/zipdeploy",
                user: #"orders\$orders"#,
                password: password,
                data: zip,
                headers: [("If-Match", "*")]
            )
        }
        #expect(response.status == .ok, "\(response.text)")
    }

    @Test func wrongCredentialsGet401AndNothingIsStored() async throws {
        let s = try await setup()
        let other = try await s.instance.seedApp("billing")
        let otherPassword = try await PublishingCredentialsIssuer(store: s.instance.store).ensure(for: other).password
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let attempts: [(String?, String?, String?)] = [
            ("$orders", "wrong-password", nil),
            ("$orders", s.password + "x", nil),
            ("$billing", otherPassword, nil),  // another app's credentials
            ("$orders", "", nil),
            (nil, nil, nil),
            (nil, nil, "Basic not-base64!!"),
            (nil, nil, "Bearer hth_not-a-real-token-000000000000000000000000000"),
            (nil, nil, "Digest username=\"$orders\""),
        ]
        try await s.instance.test { client in
            for (user, password, authorization) in attempts {
                let (response, headers) = try await client.kudu(
                    .post,
                    "/scm/orders/api/zipdeploy",
                    user: user,
                    password: password,
                    authorization: authorization,
                    data: zip
                )
                #expect(response.status == .unauthorized, "\(user ?? authorization ?? "none")")
                #expect(headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                #expect(!response.text.contains(s.password))
            }
            let (unknownApp, _) = try await client.kudu(.get, "/scm/nosuchapp/api/deployments", user: "$nosuchapp", password: "x")
            #expect(unknownApp.status == .unauthorized)
        }
        let app = try await s.instance.app("orders")
        #expect(try await s.instance.store.deployments(appID: app.id).isEmpty)
        #expect(try await s.instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
    }

    @Test func apiTokensAreAcceptedByRole() async throws {
        let s = try await setup()
        let reader = try await s.instance.token(role: .reader, tenant: "acme")
        let contributor = try await s.instance.token(role: .contributor, tenant: "acme")
        let zip = try ZipBuilder.zip(SampleApps.hello)
        try await s.instance.test { client in
            let (denied, _) = try await client.kudu(.post, "/scm/orders/api/zipdeploy", authorization: "Bearer \(reader)", data: zip)
            #expect(denied.status == .forbidden)
            let (deployed, _) = try await client.kudu(.post, "/scm/orders/api/zipdeploy", authorization: "Bearer \(contributor)", data: zip)
            #expect(deployed.status == .ok, "\(deployed.text)")
            #expect((deployed.json["author"] as? String)?.hasPrefix("contributor") == true)
            let (list, _) = try await client.kudu(.get, "/scm/orders/api/deployments", authorization: "Bearer \(reader)")
            #expect(list.status == .ok)
        }
    }

    // MARK: Failures leave the previous deployment serving

    /// Deploys a good package, then `bad`; checks the failure is recorded (Kudu status 3, with the
    /// reason in message and log), the refused zip is not stored, and the first deployment serves.
    func refused(_ bad: Data, configuration: ManagementConfiguration = ManagementConfiguration(), async: Bool = false) async throws -> [String: Any] {
        let s = try await setup(configuration: configuration)
        let good = try ZipBuilder.zip(SampleApps.hello)
        let result = try await s.instance.test { [password = s.password] client -> (Data, String, String?) in
            let (first, _) = try await client.kudu(.post, "/scm/orders/api/zipdeploy", user: "$orders", password: password, data: good)
            #expect(first.status == .ok, "\(first.text)")
            let (response, headers) = try await client.kudu(
                .post,
                "/scm/orders/api/zipdeploy\(async ? "?isAsync=true" : "")",
                user: "$orders",
                password: password,
                data: bad
            )
            var record = response
            if async {
                #expect(response.status == .accepted)
                let location = try #require(headers[.location])
                let start = try #require(location.range(of: "/scm/")).lowerBound
                let path = String(location[start...])
                for _ in 0..<100 where record.json["complete"] as? Bool != true {
                    try await Task.sleep(for: .milliseconds(20))
                    record = try await client.kudu(.get, path, user: "$orders", password: password).response
                }
            } else {
                #expect(response.status == .badRequest, "\(response.text)")
            }
            let id = try #require(record.json["id"] as? String)
            let log = try await client.kudu(.get, "/scm/orders/api/deployments/\(id)/log", user: "$orders", password: password).response
            return (record.body, log.text, first.json["id"] as? String)
        }
        var record = (try JSONSerialization.jsonObject(with: result.0) as? [String: Any]) ?? [:]
        record["logText"] = result.1
        let firstID = result.2
        #expect(record["status"] as? Int == 3)
        #expect(record["complete"] as? Bool == true)
        #expect(record["active"] as? Bool == false)
        #expect((record["logText"] as? String)?.contains("previous deployment keeps serving") == true)
        let app = try await s.instance.app("orders")
        #expect(app.activeDeploymentID?.uuidString.lowercased() == firstID)
        #expect(try await s.instance.store.package(sha256: SHA256Hex.of(bad)) == nil)
        let failed = try #require(try await s.instance.store.deployments(appID: app.id).first)
        #expect(failed.status == .failed)
        #expect(failed.hasPackage == false)
        return record
    }

    @Test func invalidFunctionJSONLeavesThePreviousDeploymentServing() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = #"{"bindings": [ {"type": "httpTrigger", "#
        let record = try await refused(try ZipBuilder.zip(files), async: true)
        #expect((record["message"] as? String)?.contains("not valid") == true)
        #expect((record["logText"] as? String)?.contains("HttpHello/function.json") == true)
    }

    @Test func zipSlip() async throws {
        let record = try await refused(try ZipAttacks.traversal())
        #expect((record["message"] as? String)?.contains("zip slip") == true)
    }

    @Test func absolutePaths() async throws {
        let record = try await refused(try ZipAttacks.absolutePath())
        #expect((record["message"] as? String)?.contains("absolute path") == true)
    }

    @Test func symlinks() async throws {
        let record = try await refused(try ZipAttacks.symlink())
        #expect((record["message"] as? String)?.contains("symbolic link") == true)
    }

    @Test func zipBombByRatio() async throws {
        let record = try await refused(try ZipAttacks.ratioBomb(), async: true)
        #expect((record["message"] as? String)?.contains("zip bomb") == true)
    }

    @Test func zipBombByTotalSize() async throws {
        var configuration = ManagementConfiguration()
        configuration.packageLimits.maxUnpackedBytes = 64 << 10
        let record = try await refused(try ZipAttacks.large(bytes: 100 << 10), configuration: configuration)
        #expect((record["message"] as? String)?.contains("unpacks to more than") == true)
    }

    @Test func tooManyFiles() async throws {
        var configuration = ManagementConfiguration()
        configuration.packageLimits.maxFiles = 50
        let record = try await refused(try ZipAttacks.manyFiles(60), configuration: configuration)
        #expect((record["message"] as? String)?.contains("more than 50 files") == true)
    }

    @Test func duplicateNames() async throws {
        let record = try await refused(try ZipAttacks.duplicateNames())
        #expect((record["message"] as? String)?.contains("twice") == true)
    }

    @Test func notAZip() async throws {
        let record = try await refused(Data("definitely not a zip".utf8))
        #expect((record["message"] as? String)?.contains("not a zip") == true)
    }

    @Test func oversizeUploadIsRefusedBeforeAnythingIsRecorded() async throws {
        var configuration = ManagementConfiguration()
        configuration.maxUploadBytes = 4096
        let s = try await setup(configuration: configuration)
        let zip = try ZipAttacks.large(bytes: 10_000)
        let (response, _) = try await s.instance.test { [password = s.password] client in
            try await client.kudu(.post, "/scm/orders/api/zipdeploy", user: "$orders", password: password, data: zip)
        }
        #expect(response.status == .contentTooLarge)
        #expect(try await s.instance.store.deployments(appID: try await s.instance.app("orders").id).isEmpty)
    }

    @Test func unknownDeploymentIs404() async throws {
        let s = try await setup()
        try await s.instance.test { [password = s.password] client in
            let latest = try await client.kudu(.get, "/scm/orders/api/deployments/latest", user: "$orders", password: password).response
            #expect(latest.status == .notFound)
            let unknown = try await client.kudu(.get, "/scm/orders/api/deployments/\(UUID())", user: "$orders", password: password).response
            #expect(unknown.status == .notFound)
        }
    }
}

/// Records a previous process left unfinished are failed when the queue starts.
@Suite struct DeploymentQueueTests {
    @Test func interruptedDeploymentsAreFailedOnStart() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let stale = Deployment(appID: app.id, packageSHA256: Deployment.noPackageSHA256, packageSize: 10, status: .validating)
        try await instance.store.createDeployment(stale)
        let status = try await instance.test { [store = instance.store] _ in
            for _ in 0..<100 {
                if let current = try await store.deployment(id: stale.id), current.status != .validating { return current.status }
                try await Task.sleep(for: .milliseconds(20))
            }
            return Deployment.Status.validating
        }
        #expect(status == .failed)
        #expect(try await instance.store.deployment(id: stale.id)?.message?.contains("deploy again") == true)
    }
}
