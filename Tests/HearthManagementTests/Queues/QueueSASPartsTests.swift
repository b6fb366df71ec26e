import Foundation
import Testing

@testable import HearthManagement

/// The pieces of shared access signatures: times, address ranges, and each request's operation.
@Suite struct QueueSASPartsTests {
    @Test func timesInEveryFormAzureAccepts() {
        let base = QueueSASTime.parse("2026-12-06T15:04:05Z")
        #expect(base == Date(timeIntervalSince1970: 1_796_569_445))
        #expect(QueueSASTime.parse("2026-12-06T15:04Z") == base?.addingTimeInterval(-5))
        #expect(QueueSASTime.parse("2026-12-06") == Date(timeIntervalSince1970: 1_796_515_200))
        #expect(QueueSASTime.parse("2026-12-06T15:04:05.5000000Z") == base?.addingTimeInterval(0.5))
        for bad in ["", "2026-13-01", "2026-02-30", "2026-12-06T15:04:05", "2026-12-06T25:00Z", "06/12/2026", "2026-12-06T15:04:05.Z"] {
            #expect(QueueSASTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func addressRanges() throws {
        let one = try #require(QueueIPRange("168.1.5.65"))
        #expect(one.contains("168.1.5.65") && !one.contains("168.1.5.66"))
        let range = try #require(QueueIPRange("168.1.5.60-168.1.5.70"))
        #expect(range.contains("168.1.5.60") && range.contains("168.1.5.70") && !range.contains("168.1.5.71"))
        #expect(!range.contains("::1") && !range.contains("not an address"))
        for bad in ["", "1.2.3", "1.2.3.256", "1.2.3.4-", "1.2.3.9-1.2.3.1", "a.b.c.d", "::1"] {
            #expect(QueueIPRange(bad) == nil, "\(bad)")
        }
    }

    @Test func eachRequestHasItsOperation() {
        func operation(_ method: String, _ path: String, _ query: [String: String] = [:]) -> QueueSASOperation? {
            QueueSASOperation(method: method, path: path, query: query)
        }
        #expect(operation("GET", "/acct") == .listQueues)
        #expect(operation("PUT", "/acct/q") == .createQueue)
        #expect(operation("PUT", "/acct/q", ["comp": "metadata"]) == .setQueueMetadata)
        #expect(operation("HEAD", "/acct/q", ["comp": "metadata"]) == .getQueueMetadata)
        #expect(operation("DELETE", "/acct/q") == .deleteQueue)
        #expect(operation("POST", "/acct/q/messages") == .putMessage)
        #expect(operation("GET", "/acct/q/messages") == .getMessages)
        #expect(operation("GET", "/acct/q/messages", ["peekonly": "TRUE"]) == .peekMessages)
        #expect(operation("DELETE", "/acct/q/messages") == .clearMessages)
        #expect(operation("PUT", "/acct/q/messages/id") == .updateMessage)
        #expect(operation("DELETE", "/acct/q/messages/id") == .deleteMessage)
        #expect(operation("POST", "/acct/q") == nil)
        #expect(operation("GET", "/acct/q/other") == nil)
        #expect(QueueSASOperation.listQueues.accountResourceType == "s")
        #expect(QueueSASOperation.deleteQueue.accountResourceType == "c")
        #expect(QueueSASOperation.clearMessages.accountResourceType == "o")
        #expect(QueueSASOperation.createQueue.queuePermissions.isEmpty)
    }
}
