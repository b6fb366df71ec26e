import Foundation
import HearthCore
import Testing

/// Queue and queue account names as Azure Storage names them, and the message limits.
@Suite struct QueueRulesTests {
    @Test(arguments: ["abc", "orders", "orders-poison", "a1-b2-c3", "123", String(repeating: "a", count: 63)])
    func namesAzureAcceptsAreAccepted(_ name: String) throws {
        #expect(try QueueName(name).rawValue == name)
    }

    @Test(arguments: [
        "", "ab", "Orders", "ORDERS", "-orders", "orders-", "or--ders", "or_ders", "or.ders", "or ders", "ördérs",
        String(repeating: "a", count: 64),
    ])
    func namesAzureRefusesAreRefusedNamingTheRule(_ name: String) {
        do {
            _ = try QueueName(name)
            Issue.record("'\(name)' was accepted")
        } catch {
            #expect(error.code == .invalidName)
            #expect(error.description.contains("'\(name)'") && error.description.contains(QueueName.rule))
        }
    }

    @Test func thePoisonQueueIsNamedAfterTheQueueWhenThatNameFits() throws {
        #expect(try QueueName("orders").poisonQueue?.rawValue == "orders-poison")
        #expect(try QueueName(String(repeating: "a", count: 60)).poisonQueue == nil)
    }

    @Test func decodingChecksTheName() {
        #expect(throws: (any Error).self) { try JSONDecoder().decode([QueueName].self, from: Data(#"["Bad_Name"]"#.utf8)) }
        #expect((try? JSONDecoder().decode([QueueName].self, from: Data(#"["good-name"]"#.utf8)))?.first?.rawValue == "good-name")
    }

    @Test func accountNamesAreThreeToTwentyFourLowerCaseLettersAndDigits() throws {
        try QueueAccount.validateName("contoso1")
        for bad in ["ab", "Contoso", "con-toso", String(repeating: "a", count: 25)] {
            #expect(throws: HearthError.self) { try QueueAccount.validateName(bad) }
        }
        let tenant = Tenant(id: UUID(uuidString: "1A2B3C4D-0000-0000-0000-000000000000")!, name: "my-tenant-with-a-long-name")
        #expect(QueueAccount.defaultName(tenant: tenant) == "mytenantwithalon1a2b3c4d")
        try QueueAccount.validateName(QueueAccount.defaultName(tenant: tenant))
        try QueueAccount.validateName(QueueAccount.defaultName(tenant: Tenant(name: "a")))
    }

    @Test func messagesAreAtMost64KiBAndTimeoutsWithinSevenDays() throws {
        try QueueMessageRules.validate(body: Data(count: 65536))
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(body: Data(count: 65537)) }
        try QueueMessageRules.validate(visibilityTimeout: 604_800)
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(visibilityTimeout: 604_801) }
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(visibilityTimeout: 0, minimum: 1) }
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(visibilityTimeout: 10, timeToLive: 10) }
        try QueueMessageRules.validate(timeToLive: nil)
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(timeToLive: 0.5) }
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(count: 0) }
        #expect(throws: HearthError.self) { try QueueMessageRules.validate(count: 33) }
    }
}
