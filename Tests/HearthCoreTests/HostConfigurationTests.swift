import Foundation
import HearthCore
import Testing

@Suite struct HostConfigurationTests {
    private func host(_ text: String) throws -> HostConfiguration {
        try HostConfiguration.parse(JSONValue.parse(Data(text.utf8), file: "host.json"))
    }

    private func issues(_ text: String) throws -> [AppValidationIssue] {
        let json = try JSONValue.parse(Data(text.utf8), file: "host.json")
        do {
            _ = try HostConfiguration.parse(json)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func defaults() throws {
        let h = try host(#"{"version": "2.0"}"#)
        #expect(h.version == "2.0")
        #expect(h.functionTimeout == HostConfiguration.defaultFunctionTimeout)
        #expect(h.functionTimeout == .seconds(1800))
        #expect(h.routePrefix == "api")
        #expect(h.customHandler == nil)
        #expect(h.logLevels.isEmpty)
        #expect(h.warnings.isEmpty)
    }

    @Test func httpRequestLimits() throws {
        let set = try host(#"{"version": "2.0", "extensions": {"http": {"maxConcurrentRequests": 4, "maxOutstandingRequests": -1}}}"#)
        #expect(set.maxConcurrentRequests == 4)
        #expect(set.maxOutstandingRequests == -1)
        let unset = try host(#"{"version": "2.0"}"#)
        #expect(unset.maxConcurrentRequests == nil && unset.maxOutstandingRequests == nil)
        let bad = try issues(#"{"version": "2.0", "extensions": {"http": {"maxConcurrentRequests": 0, "maxOutstandingRequests": "lots"}}}"#)
        #expect(bad.map(\.jsonPath).sorted() == ["$.extensions.http.maxConcurrentRequests", "$.extensions.http.maxOutstandingRequests"], "\(bad)")
    }

    @Test func fullDocument() throws {
        let h = try host(
            """
            {
              // comments are tolerated
              "version": "2.0",
              "functionTimeout": "1.00:00:00",
              "logging": {"logLevel": {"default": "Information", "Host.Results": "Error"}},
              "extensions": {"http": {"routePrefix": "/v1/"}},
              "extensionBundle": {"id": "Microsoft.Azure.Functions.ExtensionBundle", "version": "[4.*, 5.0.0)"},
              "customHandler": {
                "description": {"defaultExecutablePath": "bin/handler", "arguments": ["--a", "b"], "workingDirectory": "bin"},
                "enableForwardingHttpRequest": true
              },
            }
            """
        )
        #expect(h.functionTimeout == .seconds(86_400))
        #expect(h.routePrefix == "v1")
        #expect(h.logLevels == ["default": "Information", "Host.Results": "Error"])
        #expect(
            h.customHandler
                == CustomHandlerConfiguration(
                    executablePath: "bin/handler",
                    arguments: ["--a", "b"],
                    workingDirectory: "bin",
                    enableForwardingHttpRequest: true
                )
        )
        #expect(h.raw["extensionBundle"]?["id"] == "Microsoft.Azure.Functions.ExtensionBundle")
    }

    @Test func emptyRoutePrefixAndUnboundedTimeout() throws {
        let h = try host(#"{"version": "2.0", "functionTimeout": "-1", "extensions": {"http": {"routePrefix": ""}}}"#)
        #expect(h.routePrefix == "")
        #expect(h.functionTimeout == nil)
        #expect(try host(#"{"version": "2.0", "functionTimeout": null}"#).functionTimeout == nil)
    }

    @Test func legacyHttpWorkerAndProxyingSynonym() throws {
        let h = try host(
            #"{"version": "2.0", "httpWorker": {"description": {"defaultExecutablePath": "server"}, "enableProxyingHttpRequest": true}}"#
        )
        #expect(h.customHandler?.executablePath == "server")
        #expect(h.customHandler?.enableForwardingHttpRequest == true)
        #expect(h.warnings.contains { $0.jsonPath == "$.httpWorker" })
        let both = try host(
            #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "new"}}, "httpWorker": {"description": {"defaultExecutablePath": "old"}}}"#
        )
        #expect(both.customHandler?.executablePath == "new")
    }

    @Test func unknownKeysAreWarnings() throws {
        let h = try host(#"{"version": "2.0", "tracing": {}, "$schema": "x"}"#)
        #expect(h.warnings.count == 1)
        #expect(h.warnings.first?.jsonPath == "$.tracing")
        #expect(h.warnings.first?.severity == .warning)
    }

    @Test func v1HostIsRefusedWithUpgradeFix() throws {
        let found = try issues(#"{"http": {"routePrefix": "x"}, "id": "abc"}"#)
        #expect(found.count == 1)
        #expect(found.first?.jsonPath == "$.version")
        #expect(found.first?.fix == "this is a Functions v1 app; run 'hearth upgrade <folder>' to convert it to v4, then deploy again")
    }

    @Test func wrongVersionsNameTheValue() throws {
        #expect(try issues(#"{"version": "3.0"}"#).first?.problem.contains("\"3.0\"") == true)
        #expect(try issues(#"{"version": 2.0}"#).first?.problem.contains("2.0") == true)
        #expect(try issues(#"{"version": "1.0"}"#).first?.fix == HostConfiguration.v1AppFix)
    }

    @Test func invalidValuesAreAllReported() throws {
        let found = try issues(
            """
            {"version": "2.0", "functionTimeout": "00:00:00.5", "extensions": {"http": {"routePrefix": 5}},
             "customHandler": {"description": {"arguments": "x"}}}
            """
        )
        #expect(
            Set(found.map(\.jsonPath)) == ["$.functionTimeout", "$.extensions.http.routePrefix", "$.customHandler.description.defaultExecutablePath"]
        )
        #expect(try issues(#"{"version": "2.0", "functionTimeout": "soon"}"#).first?.problem.contains("not a time span") == true)
        #expect(try issues("[]").first?.jsonPath == "$")
    }
}
