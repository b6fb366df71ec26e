import Foundation
import HTTPTypes
import Testing

/// A refused upload's details name the line and column of each problem, as compilers do.
@Suite struct DeploymentValidationLocationTests {
    @Test func detailsCarryFileLineAndColumn() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = """
            {
              "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req",
                  "authLevel": "root" },
                { "type": "http", "direction": "out", "name": "res" }
              ]
            }
            """
        let response = try await DeploymentValidationTests().refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        let detail = try #require(response.errorDetails.first)
        #expect(detail["path"] == "$.bindings[0].authLevel")
        #expect(detail["location"] == "HttpHello/function.json:4:7")
    }

    @Test func aSyntaxErrorIsLocatedWhereTheParserStopped() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = "{\n  \"bindings\": [ {\"type\": \"httpTrigger\", "
        let response = try await DeploymentValidationTests().refused(try ZipBuilder.zip(files))
        #expect(response.errorDetails.first?["location"]?.hasPrefix("HttpHello/function.json:2:") == true)
    }
}
