import Foundation
import NIOHTTP1
import Testing

/// Deploys the Python custom-handler fixture through the real `hearth serve` and calls it over HTTP.
@Suite(.serialized) struct DeployAndInvokeTests {
    @Test func deployThenInvokeWithRoutesQueryBodyAndSettings() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("hello", settings: ["GREETING": ["value": "bonjour", "secret": true], "FUNCTIONS_WORKER_RUNTIME": "custom"])
        let deployed = try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python")))
        #expect(deployed.status == 201, "\(deployed.text)")
        #expect(try deployed.json()["status"] as? String == "succeeded")

        var ok = try await server.eventually { try await server.call("hello", "/api/hello/Bob").status == 200 }
        #expect(ok)
        let hello = try await server.call("hello", "/api/hello/Bob")
        #expect(hello.text == "Hello, Bob!")
        #expect(hello.header("X-Greeting") == "yes")

        // Host-name form: {app}.{base domain}.
        let byHost = try await server.request(.GET, server.workerURL + "/api/hello?name=Ann", headers: [("Host", "hello.localhost")])
        #expect(byHost.text == "Hello, Ann!")

        // Route constraint, multi-valued query, JSON body, app setting (secret) in the environment, nothing of Hearth's.
        let echo = try await server.call(
            "hello",
            "/api/items/42?a=1&a=2&b=x%20y",
            method: .POST,
            headers: [("Content-Type", "application/json")],
            body: Data(#"{"k":"v"}"#.utf8)
        )
        #expect(echo.status == 201)
        let object = try echo.json()
        #expect(object["params"] as? [String: String] == ["id": "42"])
        #expect(object["query"] as? [String: String] == ["a": "1,2", "b": "x y"])
        #expect(object["body"] as? String == #"{"k":"v"}"#)
        #expect(object["setting"] as? String == "bonjour")
        #expect(object["hasHearthEnv"] as? Bool == false)
        #expect(try await server.call("hello", "/api/items/abc").status == 404)  // {id:int}
        #expect(try await server.call("hello", "/api/hello", method: .DELETE).status == 405)
        #expect(try await server.call("nope", "/api/hello").status == 404)

        // The invocation log has the call, with the lines the function logged.
        ok = try await server.eventually {
            let log = try await server.api(.GET, "/api/apps/hello/invocations?function=Hello")
            let entries = try log.json()["invocations"] as? [[String: Any]] ?? []
            return entries.contains { ($0["logs"] as? [String])?.contains("greeted Bob") == true && $0["status"] as? String == "succeeded" }
        }
        #expect(ok)
    }

    @Test func unknownBindingsAreKeptAndReportedNotDropped() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("blobby")
        var files = try AppZip.files(ofFixture: "hello-python")
        files["Hello/function.json"] = Data(
            #"""
            {"bindings":[
              {"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","route":"hello/{name:alpha?}"},
              {"type":"blob","direction":"in","name":"doc","path":"docs/{name}","connection":"Storage"},
              {"type":"http","direction":"out","name":"res"}]}
            """#.utf8
        )
        let reply = try await server.deploy("blobby", zip: AppZip.zip(files))
        #expect(reply.status == 201)
        let log = try #require(try reply.json()["log"] as? [String])
        #expect(log.contains { $0.contains("warning") && $0.contains("blob") })
        #expect(try await server.eventually { try await server.call("blobby", "/api/hello/Kim").text == "Hello, Kim!" })
    }

    @Test func authLevelsNeedTheRightKey() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("keys")
        #expect(try await server.deploy("keys", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        _ = try await server.eventually { try await server.call("keys", "/api/hello").status == 200 }

        #expect(try await server.call("keys", "/api/Secure").status == 401)
        #expect(try await server.call("keys", "/api/Secure?code=wrong-key-value").status == 401)
        let hostKeys = try await server.api(.GET, "/api/apps/keys/admin/host/keys").json()
        let hostKey = try #require((hostKeys["keys"] as? [[String: Any]])?.first?["value"] as? String)
        #expect(try await server.call("keys", "/api/Secure", headers: [("x-functions-key", hostKey)]).status == 200)
        let fnKeys = try await server.api(.GET, "/api/apps/keys/admin/functions/Secure/keys").json()
        let fnKey = try #require((fnKeys["keys"] as? [[String: Any]])?.first?["value"] as? String)
        #expect(try await server.call("keys", "/api/Secure?code=\(fnKey)").status == 200)
        let master = try await server.api(.GET, "/api/apps/keys/admin/host/keys/_master").json()
        let masterKey = try #require(master["value"] as? String)
        #expect(try await server.call("keys", "/api/Secure", headers: [("x-functions-key", masterKey)]).status == 200)

        // A key set through the API works at once; deleting it revokes it.
        let put = try await server.api(
            .PUT,
            "/api/apps/keys/admin/functions/Secure/keys/ci",
            json: ["name": "ci", "value": "ci-key-0123456789abcdef"]
        )
        #expect(put.status == 201)
        #expect(try await server.eventually { try await server.call("keys", "/api/Secure?code=ci-key-0123456789abcdef").status == 200 })
        #expect(try await server.api(.DELETE, "/api/apps/keys/admin/functions/Secure/keys/ci").status == 204)
        #expect(try await server.eventually { try await server.call("keys", "/api/Secure?code=ci-key-0123456789abcdef").status == 401 })
    }

    @Test func redeployAndReactivateAnEarlierDeployment() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("history")
        var files = try AppZip.files(ofFixture: "hello-python")
        let first = try await server.deploy("history", zip: AppZip.zip(files))
        let firstID = try #require(try first.json()["id"] as? String)
        #expect(try await server.eventually { try await server.call("history", "/api/hello/Ann").text == "Hello, Ann!" })

        files["handler.py"] = Data(
            String(decoding: files["handler.py"]!, as: UTF8.self).replacingOccurrences(of: "f\"Hello, {name}!\"", with: "f\"Hi, {name}!\"").utf8
        )
        #expect(try await server.deploy("history", zip: AppZip.zip(files)).status == 201)
        #expect(try await server.eventually { try await server.call("history", "/api/hello/Ann").text == "Hi, Ann!" })

        let list = try await server.api(.GET, "/api/apps/history/deployments").json()
        #expect((list["deployments"] as? [[String: Any]])?.count == 2)
        #expect(try await server.api(.POST, "/api/apps/history/deployments/\(firstID)/activate").status == 200)
        #expect(try await server.eventually { try await server.call("history", "/api/hello/Ann").text == "Hello, Ann!" })
    }
}
