import Foundation
import HearthCore
import Testing

/// host.json's queue trigger settings: `extensions.queues`, v1's top-level `queues`, defaults and ranges.
@Suite struct HostQueuesConfigurationTests {
    private func host(_ text: String) throws -> HostConfiguration {
        try HostConfiguration.parse(JSONValue.parse(Data(text.utf8), file: "host.json"))
    }

    private func errors(_ text: String) throws -> [AppValidationIssue] {
        let json = try JSONValue.parse(Data(text.utf8), file: "host.json")
        do {
            _ = try HostConfiguration.parse(json)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func defaultsAreAzures() throws {
        let queues = try host(#"{"version": "2.0"}"#).queues
        #expect(queues.batchSize == 16)
        #expect(queues.newBatchThreshold == nil)
        #expect(queues.effectiveNewBatchThreshold(cores: 2) == 16)
        #expect(queues.effectiveNewBatchThreshold(cores: 4) == 32)
        #expect(queues.maxDequeueCount == 5)
        #expect(queues.visibilityTimeout == .zero)
        #expect(queues.maxPollingInterval == .seconds(60))
        #expect(queues.messageEncoding == .base64)
    }

    @Test func extensionsQueuesAreRead() throws {
        let text = #"""
            {"version": "2.0", "extensions": {"queues": {"batchSize": 8, "newBatchThreshold": 4, "maxDequeueCount": 2,
             "visibilityTimeout": "00:00:30", "maxPollingInterval": "00:00:02", "messageEncoding": "none"}}}
            """#
        let queues = try host(text).queues
        #expect(
            queues
                == QueuesConfiguration(
                    batchSize: 8,
                    newBatchThreshold: 4,
                    maxDequeueCount: 2,
                    visibilityTimeout: .seconds(30),
                    maxPollingInterval: .seconds(2),
                    messageEncoding: .none
                )
        )
        #expect(queues.effectiveNewBatchThreshold(cores: 8) == 4)
    }

    @Test func v1TopLevelQueuesTakeMillisecondsForThePollingInterval() throws {
        let queues = try host(#"{"version": "2.0", "queues": {"maxPollingInterval": 2000, "visibilityTimeout": "00:00:10"}}"#).queues
        #expect(queues.maxPollingInterval == .seconds(2))
        #expect(queues.visibilityTimeout == .seconds(10))
        // extensions.queues wins over the v1 location.
        let both = try host(#"{"version": "2.0", "queues": {"batchSize": 4}, "extensions": {"queues": {"batchSize": 6}}}"#).queues
        #expect(both.batchSize == 6)
    }

    @Test func badValuesNameTheKeyAndTheRange() throws {
        let cases: [(String, String, String)] = [
            (#"{"batchSize": 64}"#, "$.extensions.queues.batchSize", "1 to 32"),
            (#"{"batchSize": 0}"#, "$.extensions.queues.batchSize", "1 to 32"),
            (#"{"maxDequeueCount": 0}"#, "$.extensions.queues.maxDequeueCount", "1 or more"),
            (#"{"newBatchThreshold": -1}"#, "$.extensions.queues.newBatchThreshold", "0 or more"),
            (#"{"maxPollingInterval": "00:00:00.05"}"#, "$.extensions.queues.maxPollingInterval", "at least"),
            (#"{"maxPollingInterval": 2000}"#, "$.extensions.queues.maxPollingInterval", "not a time span"),
            (#"{"visibilityTimeout": "soon"}"#, "$.extensions.queues.visibilityTimeout", "not a time span"),
            (#"{"messageEncoding": "utf8"}"#, "$.extensions.queues.messageEncoding", "\"base64\" or \"none\""),
        ]
        for (section, path, range) in cases {
            let issues = try errors(#"{"version": "2.0", "extensions": {"queues": "# + section + "}}")
            #expect(issues.count == 1, "\(section): \(issues)")
            #expect(issues.first?.jsonPath == path, "\(section)")
            #expect(issues.first?.problem.contains(range) == true, "\(section): \(issues.first?.problem ?? "")")
        }
        let legacy = try errors(#"{"version": "2.0", "queues": {"maxPollingInterval": 50}}"#)
        #expect(legacy.map(\.jsonPath) == ["$.queues.maxPollingInterval"])
    }

    @Test func unknownQueueKeysAreWarnings() throws {
        let parsed = try host(#"{"version": "2.0", "extensions": {"queues": {"batchsize": 4, "speed": "fast"}}}"#)
        #expect(parsed.queues.batchSize == 4)
        #expect(parsed.warnings.map(\.jsonPath) == ["$.extensions.queues.speed"])
    }
}
